import { createHash, verify } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';
import {
  MEDIATION_FORMAT,
  RECORD_FORMAT,
  recordMessageHash,
  SIGNATURE_MARK,
  signedText,
  type SignatureBlock,
} from './recordFormat.js';
import { fingerprintOf, publicKeyFromRaw } from './signingKey.js';

/** What an offline check of a record file found. */
export interface RecordVerdict {
  /** 'intact', or the first problem: the signature, then the chain. */
  verdict: 'intact' | 'signature_invalid' | 'broken' | 'malformed';
  signature: { valid: boolean; reason?: string; keyFingerprint?: string };
  chain?: { ok: boolean; count: number; fromSeq: number; toSeq: number; brokenAtSeq?: number };
  /** The chain verdict the server wrote when it exported (it checks from seq 1). */
  serverChain?: { ok: boolean; brokenAtSeq?: number };
  format?: string;
}

interface RecordMessage {
  seq: number;
  sender: { id: number };
  text: string;
  createdAt: string;
  hash: string;
}

interface RecordFile {
  format: string;
  header: {
    key: { publicKey: string; fingerprint: string };
    previousHash?: string;
    period?: { fromSeq: number; toSeq: number };
  };
  messages?: RecordMessage[];
  interventions?: unknown[];
  summary: {
    count: number;
    headHash?: string;
    lastSeq?: number | null;
    chain?: { ok: boolean; brokenAtSeq?: number };
  };
}

const SIGNATURE_KEYS = ['algorithm', 'digest', 'keyFingerprint', 'value'];

function checkSignature(
  bytes: Buffer,
  file: RecordFile | undefined,
  expectedFingerprint?: string,
): RecordVerdict['signature'] {
  const tail = Buffer.from('}\n');
  if (bytes.length < tail.length || !bytes.subarray(-tail.length).equals(tail)) {
    return { valid: false, reason: 'the file does not end as a record does' };
  }
  const at = bytes.lastIndexOf(SIGNATURE_MARK);
  if (at < 0) return { valid: false, reason: 'no signature' };
  const body = bytes.subarray(0, at);
  const trailer = bytes.subarray(at + SIGNATURE_MARK.length, bytes.length - tail.length).toString();
  let block: SignatureBlock;
  try {
    block = JSON.parse(trailer) as SignatureBlock;
  } catch {
    return { valid: false, reason: 'the signature block is not JSON' };
  }
  if (
    canonicalJson(block) !== trailer ||
    Object.keys(block).sort().join() !== SIGNATURE_KEYS.join() ||
    block.algorithm !== 'Ed25519' ||
    // Base64 has spare bits: only the canonical spelling counts, so no byte can change unnoticed.
    typeof block.value !== 'string' ||
    Buffer.from(block.value, 'base64').toString('base64') !== block.value
  ) {
    return { valid: false, reason: 'the signature block is not in its exact form' };
  }
  if (!file) return { valid: false, reason: 'the file is not JSON' };
  const raw = Buffer.from(file.header.key.publicKey, 'base64');
  const fingerprint = fingerprintOf(raw);
  if (raw.length !== 32 || fingerprint !== block.keyFingerprint) {
    return { valid: false, reason: 'the key in the header is not the signing key' };
  }
  if (expectedFingerprint && expectedFingerprint.toLowerCase() !== fingerprint) {
    return {
      valid: false,
      reason: 'signed by another key than the one expected',
      keyFingerprint: fingerprint,
    };
  }
  const digest = createHash('sha256').update(body).digest('hex');
  if (digest !== block.digest) {
    return {
      valid: false,
      reason: 'the content does not match its digest',
      keyFingerprint: fingerprint,
    };
  }
  let ok: boolean;
  try {
    ok = verify(
      null,
      signedText(String(file.format), digest),
      publicKeyFromRaw(raw),
      Buffer.from(String(block.value), 'base64'),
    );
  } catch {
    ok = false; // a key or signature that does not even decode
  }
  return ok
    ? { valid: true, keyFingerprint: fingerprint }
    : { valid: false, reason: 'the signature does not verify', keyFingerprint: fingerprint };
}

/** Whether a message has the fields its hash is computed from, with their types. */
function wellFormed(m: unknown): m is RecordMessage {
  const r = m as Partial<RecordMessage> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isSafeInteger(r.seq) &&
    typeof r.sender === 'object' &&
    r.sender !== null &&
    Number.isSafeInteger(r.sender.id) &&
    typeof r.text === 'string' &&
    typeof r.createdAt === 'string' &&
    typeof r.hash === 'string'
  );
}

/** Recomputes every message hash from the range's previous hash. */
function checkChain(file: RecordFile): NonNullable<RecordVerdict['chain']> {
  const messages: unknown[] = Array.isArray(file.messages) ? file.messages : [];
  const fromSeq = Number.isSafeInteger(file.header.period?.fromSeq)
    ? file.header.period!.fromSeq
    : 1;
  let prev = typeof file.header.previousHash === 'string' ? file.header.previousHash : '';
  let expectedSeq = fromSeq;
  for (const m of messages) {
    // A message missing a field cannot match its hash: the chain breaks there.
    if (!wellFormed(m)) {
      return {
        ok: false,
        count: messages.length,
        fromSeq,
        toSeq: expectedSeq,
        brokenAtSeq: expectedSeq,
      };
    }
    const hash = recordMessageHash(prev, m.seq, m.sender.id, m.text, m.createdAt);
    if (m.seq !== expectedSeq || hash !== m.hash) {
      return {
        ok: false,
        count: messages.length,
        fromSeq,
        toSeq: expectedSeq,
        brokenAtSeq: Math.min(m.seq, expectedSeq),
      };
    }
    prev = m.hash;
    expectedSeq += 1;
  }
  const toSeq = expectedSeq - 1;
  const { summary } = file;
  if (
    summary.count !== messages.length ||
    summary.headHash !== prev ||
    (summary.lastSeq ?? toSeq) !== toSeq
  ) {
    // Messages missing at the end: the first one absent is where it breaks.
    return { ok: false, count: messages.length, fromSeq, toSeq, brokenAtSeq: expectedSeq };
  }
  return { ok: true, count: messages.length, fromSeq, toSeq };
}

/**
 * Checks a record file from its bytes alone: the signature over the exact
 * bytes, then (for a conversation record) every hash of the chain from the
 * range's previous hash to the head. `expectedFingerprint` pins the key
 * (from /.well-known/parley-record-key or the cover page).
 */
export function verifyRecordBytes(bytes: Buffer, expectedFingerprint?: string): RecordVerdict {
  let file: RecordFile | undefined;
  try {
    file = JSON.parse(bytes.toString('utf8')) as RecordFile;
    if (
      typeof file?.header?.key?.publicKey !== 'string' ||
      typeof file.summary !== 'object' ||
      file.summary === null
    ) {
      file = undefined;
    }
  } catch {
    file = undefined;
  }
  const signature = checkSignature(bytes, file, expectedFingerprint);
  if (!file || (file.format !== RECORD_FORMAT && file.format !== MEDIATION_FORMAT)) {
    return { verdict: signature.valid ? 'malformed' : 'signature_invalid', signature };
  }
  if (file.format === MEDIATION_FORMAT) {
    return {
      verdict: signature.valid ? 'intact' : 'signature_invalid',
      signature,
      format: file.format,
    };
  }
  const chain = checkChain(file);
  const serverChain = file.summary.chain;
  const verdict = !signature.valid
    ? 'signature_invalid'
    : chain.ok && serverChain?.ok !== false
      ? 'intact'
      : 'broken';
  return { verdict, signature, chain, serverChain, format: file.format };
}
