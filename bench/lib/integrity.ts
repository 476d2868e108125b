/**
 * What the database says after a run: every room's hash chain walked from
 * seq 1 with the server's own check (`verifyLinks`), each room's head
 * against its last message, and every send the clients were told was
 * 'sent' looked up by its clientId (an acknowledged message must be stored;
 * a refused one should not be).
 */
import pg from 'pg';
import type { RunDetail } from '../loadClients.js';
import { verifyLinks, type StoredLink } from '../../server/messages/hashChain.js';

/** The chains of every room of a database. */
export interface ChainReport {
  rooms: number;
  messages: number;
  /** Rooms whose chain does not verify (first bad seq). */
  broken: Array<{ roomId: string; atSeq: number }>;
  /** Rooms whose head (last_seq / last_hash) is not their last message. */
  headMismatch: number;
  ok: boolean;
}

const ROOMS_PER_QUERY = 50;

/** Walks every room's chain (all messages, in seq order). */
export async function verifyChains(databaseUrl: string): Promise<ChainReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rooms = (
      await client.query<{ id: string; last_seq: string; last_hash: string | null }>(
        'SELECT id, last_seq, last_hash FROM rooms ORDER BY id',
      )
    ).rows;
    const report: ChainReport = { rooms: 0, messages: 0, broken: [], headMismatch: 0, ok: true };
    for (let i = 0; i < rooms.length; i += ROOMS_PER_QUERY) {
      const slice = rooms.slice(i, i + ROOMS_PER_QUERY);
      const { rows } = await client.query<StoredLink & { room_id: string; seq: string }>(
        `SELECT room_id, seq, sender_id, text, created_at, hash FROM messages
          WHERE room_id = ANY($1::uuid[]) ORDER BY room_id, seq`,
        [slice.map((r) => r.id)],
      );
      const byRoom = new Map<string, StoredLink[]>();
      for (const row of rows) {
        const list = byRoom.get(row.room_id) ?? [];
        list.push({ ...row, seq: Number(row.seq) });
        byRoom.set(row.room_id, list);
      }
      for (const room of slice) {
        const links = byRoom.get(room.id) ?? [];
        const walked = verifyLinks(links);
        if (walked.verdict && !walked.verdict.ok) {
          report.broken.push({ roomId: room.id, atSeq: walked.verdict.brokenAtSeq ?? -1 });
        }
        const last = links[links.length - 1];
        if (
          Number(room.last_seq) !== (last?.seq ?? 0) ||
          (last && room.last_hash?.trim() !== last.hash.trim())
        ) {
          report.headMismatch += 1;
        }
        if (links.length > 0) report.rooms += 1;
        report.messages += links.length;
      }
    }
    report.ok = report.broken.length === 0 && report.headMismatch === 0;
    return report;
  } finally {
    await client.end();
  }
}

/** Acknowledged sends against the stored rows. */
export interface AckedReport {
  /** Sends acked 'sent'. */
  acked: number;
  /** ...of which no row has the clientId: an acknowledged message lost. */
  ackedMissing: number;
  /** Refused (error ack) yet stored: not a loss (a retry returns it) but worth knowing. */
  refusedStored: number;
  /** No answer within the ack timeout, and stored. */
  unansweredStored: number;
  /** Rows of these sends in the database. */
  stored: number;
}

/** Looks up every send of the run's detail by clientId. */
export async function checkAcked(databaseUrl: string, details: RunDetail[]): Promise<AckedReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const report: AckedReport = {
      acked: 0,
      ackedMissing: 0,
      refusedStored: 0,
      unansweredStored: 0,
      stored: 0,
    };
    for (const d of details) {
      const { rows } = await client.query<{ client_id: string }>(
        // The prefix is letters, digits and '-': no LIKE wildcard (% or _) to escape.
        'SELECT client_id FROM messages WHERE client_id LIKE $1',
        [`${d.prefix}%`],
      );
      const stored = new Set(rows.map((r) => Number(r.client_id.slice(d.prefix.length))));
      report.stored += stored.size;
      d.status.forEach((status, k) => {
        if (status === 1) {
          report.acked += 1;
          if (!stored.has(k)) report.ackedMissing += 1;
        } else if (status === 3 && stored.has(k)) report.refusedStored += 1;
        else if (status === 4 && stored.has(k)) report.unansweredStored += 1;
      });
    }
    return report;
  } finally {
    await client.end();
  }
}
