import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';

/**
 * The signed record file, byte for byte (docs/record.md is the prose
 * version). Pure: no database, no server — scripts/verify-export.ts uses it.
 *
 *   BODY = '{"format":"<format>","header":' C(header) ',"messages":['
 *          ( ('' for the first, ',' otherwise) '\n' C(message) )*  '\n],"summary":' C(summary)
 *   FILE = BODY ',"signature":' C({ algorithm, digest, keyFingerprint, value }) '}\n'
 *
 * where C is canonicalJson, digest = hex SHA-256 of BODY's UTF-8 bytes, and
 * value = base64 Ed25519 signature over the UTF-8 bytes of `<format>\n<digest>`.
 */
export const RECORD_FORMAT = 'parley-record/1';
export const MEDIATION_FORMAT = 'parley-mediation-record/1';
export const SIGNATURE_MARK = ',"signature":';

/** The chain hash rule of the messages table (server/messages/hashChain.ts), on the record's fields. */
export function recordMessageHash(
  prevHash: string,
  seq: number,
  senderId: number,
  text: string,
  createdAt: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, seq, senderId, text, createdAt]), 'utf8')
    .digest('hex');
}

/** What the signature's value signs. */
export function signedText(format: string, digest: string): Buffer {
  return Buffer.from(`${format}\n${digest}`, 'utf8');
}

export interface SignatureBlock {
  algorithm: 'Ed25519';
  digest: string;
  keyFingerprint: string;
  value: string;
}

/**
 * Builds the file's bytes piece by piece while hashing BODY: `open`, `item`
 * for each message, then `close` returns the trailer (summary, signature).
 * The caller writes every returned string, in order, to wherever it goes.
 */
export function createRecordEncoder(format: string) {
  const hash = createHash('sha256');
  let items = 0;
  const body = (s: string) => {
    hash.update(s, 'utf8');
    return s;
  };
  return {
    open(header: unknown, listName = 'messages'): string {
      return body(
        `{"format":${JSON.stringify(format)},"header":${canonicalJson(header)},${JSON.stringify(listName)}:[`,
      );
    },
    item(value: unknown): string {
      items += 1;
      return body(`${items > 1 ? ',' : ''}\n${canonicalJson(value)}`);
    },
    /** The summary and the signature: `sign` gets the digest's signed text. */
    close(
      summary: unknown,
      key: { fingerprint: string; sign(message: Buffer): string },
    ): { text: string; signature: SignatureBlock } {
      const tail = body(`\n],"summary":${canonicalJson(summary)}`);
      const digest = hash.digest('hex');
      const signature: SignatureBlock = {
        algorithm: 'Ed25519',
        digest,
        keyFingerprint: key.fingerprint,
        value: key.sign(signedText(format, digest)),
      };
      return { text: `${tail}${SIGNATURE_MARK}${canonicalJson(signature)}}\n`, signature };
    },
  };
}
