import { createHash } from 'node:crypto';

/** The fields a message's chain hash covers (DESIGN.md "Data model"). */
export interface ChainLink {
  prevHash: string | null;
  seq: number;
  senderId: number;
  text: string;
  createdAt: Date;
}

/**
 * SHA-256 over (previous hash, seq, sender, text, created_at), serialised as a
 * JSON array so no field boundary can be forged by the text itself. The first
 * message of a room chains from the empty string.
 */
export function computeMessageHash(link: ChainLink): string {
  const canonical = JSON.stringify([
    link.prevHash ?? '',
    link.seq,
    link.senderId,
    link.text,
    link.createdAt.toISOString(),
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** A stored message as the chain check reads it. */
export interface StoredLink {
  seq: number;
  sender_id: number;
  text: string;
  created_at: Date;
  hash: string;
}

/** Result of walking a room's chain from seq 1. */
export interface ChainVerdict {
  ok: boolean;
  count: number;
  /** The first seq whose hash or position does not hold. */
  brokenAtSeq?: number;
}

/**
 * Walks links in seq order, carrying the previous hash. Incremental so a
 * caller can feed a million rows page by page: pass the returned state back.
 */
export function verifyLinks(
  links: Iterable<StoredLink>,
  state: { prevHash: string | null; expectedSeq: number; count: number } = {
    prevHash: null,
    expectedSeq: 1,
    count: 0,
  },
): { verdict?: ChainVerdict; state: typeof state } {
  let { prevHash, expectedSeq, count } = state;
  for (const link of links) {
    const expected = computeMessageHash({
      prevHash,
      seq: link.seq,
      senderId: link.sender_id,
      text: link.text,
      createdAt: link.created_at,
    });
    if (link.seq !== expectedSeq || expected !== link.hash) {
      return {
        verdict: { ok: false, count: count + 1, brokenAtSeq: Math.min(link.seq, expectedSeq) },
        state,
      };
    }
    prevHash = link.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { state: { prevHash, expectedSeq, count } };
}
