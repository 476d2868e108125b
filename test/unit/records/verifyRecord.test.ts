import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson } from '../../../server/records/canonicalJson.js';
import { createRecordEncoder, recordMessageHash } from '../../../server/records/recordFormat.js';
import { fingerprintOf, rawPublicKey } from '../../../server/records/signingKey.js';
import { verifyRecordBytes } from '../../../server/records/verifyRecord.js';

const { privateKey } = generateKeyPairSync('ed25519');
const raw = rawPublicKey(privateKey);
const key = {
  fingerprint: fingerprintOf(raw),
  sign: (m: Buffer) => sign(null, m, privateKey).toString('base64'),
};

/** A small record file built the way the server builds one. */
function recordFile(texts: string[], options: { tamperSeq?: number } = {}): Buffer {
  const encoder = createRecordEncoder('parley-record/1');
  let out = encoder.open({
    key: { algorithm: 'Ed25519', publicKey: raw.toString('base64'), fingerprint: key.fingerprint },
    period: { fromSeq: 1, toSeq: texts.length, from: null, to: null },
    previousHash: '',
  });
  let prev = '';
  texts.forEach((text, i) => {
    const seq = i + 1;
    const createdAt = new Date(Date.UTC(2025, 0, 1, 9, 0, seq)).toISOString();
    const hash = recordMessageHash(prev, seq, 7, text, createdAt);
    const shown = options.tamperSeq === seq ? `${text}!` : text;
    out += encoder.item({
      seq,
      sender: { id: 7, displayName: 'Ann' },
      text: shown,
      createdAt,
      hash,
    });
    prev = hash;
  });
  out += encoder.close({ count: texts.length, lastSeq: texts.length, headHash: prev }, key).text;
  return Buffer.from(out, 'utf8');
}

describe('verifyRecordBytes', () => {
  const texts = ['Pickup at 5?', 'שלום 🙂 "quoted" \\ back\nslash', '周五见', 'ok'];

  it('accepts an intact record and pins the key', () => {
    const file = recordFile(texts);
    expect(verifyRecordBytes(file)).toMatchObject({
      verdict: 'intact',
      chain: { ok: true, count: 4, fromSeq: 1, toSeq: 4 },
    });
    expect(verifyRecordBytes(file, key.fingerprint).verdict).toBe('intact');
    expect(verifyRecordBytes(file, '0'.repeat(64)).verdict).toBe('signature_invalid');
  });

  it('names the seq whose text no longer matches its hash (signed that way by the server)', () => {
    expect(verifyRecordBytes(recordFile(texts, { tamperSeq: 3 }))).toMatchObject({
      verdict: 'broken',
      signature: { valid: true },
      chain: { ok: false, brokenAtSeq: 3 },
    });
  });

  it('never throws and never says intact when any one byte changes', () => {
    const file = recordFile(texts);
    for (let at = 0; at < file.length; at += 1) {
      for (const flip of [0x01, 0x20]) {
        const altered = Buffer.from(file);
        altered[at] = altered[at]! ^ flip;
        const result = verifyRecordBytes(altered);
        expect({ at, flip, intact: result.verdict === 'intact' }).toEqual({
          at,
          flip,
          intact: false,
        });
      }
    }
  });

  it('refuses bytes added or removed at the end, and a re-serialised (pretty-printed) file', () => {
    const file = recordFile(texts);
    expect(verifyRecordBytes(Buffer.concat([file, Buffer.from(' ')])).verdict).toBe(
      'signature_invalid',
    );
    expect(verifyRecordBytes(file.subarray(0, -1)).verdict).toBe('signature_invalid');
    const pretty = Buffer.from(`${JSON.stringify(JSON.parse(file.toString()), null, 2)}\n`);
    expect(verifyRecordBytes(pretty).verdict).toBe('signature_invalid');
  });

  it('writes canonical JSON: sorted keys, no whitespace, undefined left out', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: undefined }], é: null })).toBe(
      '{"a":[{"d":"x"}],"b":1,"é":null}',
    );
  });
});
