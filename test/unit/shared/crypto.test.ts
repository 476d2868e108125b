import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createFieldCipher, FieldCipherError } from '../../../server/shared/crypto.js';

const key = randomBytes(32);
const cipher = createFieldCipher(key);
const CONTEXT = 'user_health_context.notes_enc:7';

describe('field cipher (AES-256-GCM)', () => {
  it('round-trips text, including non-ASCII and empty strings', () => {
    for (const text of ['', 'plain', 'émotions — 心 😊', 'x'.repeat(10_000)]) {
      expect(cipher.decrypt(cipher.encrypt(text, CONTEXT), CONTEXT)).toBe(text);
    }
  });

  it('writes v1:<iv>:<tag>:<data> with a 12-byte IV and 16-byte tag, fresh each time', () => {
    const a = cipher.encrypt('same', CONTEXT);
    const b = cipher.encrypt('same', CONTEXT);
    expect(a).not.toBe(b);
    const [version, iv, tag, data] = a.split(':');
    expect(version).toBe('v1');
    expect(Buffer.from(iv!, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64')).toHaveLength(16);
    expect(Buffer.from(data!, 'base64')).toHaveLength(4);
  });

  it('refuses a value moved to another context, altered, or read under another key', () => {
    const stored = cipher.encrypt('secret', CONTEXT);
    expect(() => cipher.decrypt(stored, 'user_health_context.notes_enc:8')).toThrow(
      FieldCipherError,
    );
    const [v, iv, tag, data] = stored.split(':');
    const flipped = Buffer.from(data!, 'base64');
    flipped[0]! ^= 1;
    expect(() =>
      cipher.decrypt([v, iv, tag, flipped.toString('base64')].join(':'), CONTEXT),
    ).toThrow(FieldCipherError);
    expect(() => createFieldCipher(randomBytes(32)).decrypt(stored, CONTEXT)).toThrow(
      FieldCipherError,
    );
  });

  it('refuses malformed values and keys of the wrong size', () => {
    for (const bad of ['secret', 'v2:a:b:c', 'v1:a:b', 'v1:AAAA:AAAA:AAAA', 'v1:a:b:c:d']) {
      expect(() => cipher.decrypt(bad, CONTEXT)).toThrow(FieldCipherError);
    }
    expect(() => createFieldCipher(randomBytes(16))).toThrow(FieldCipherError);
  });

  it('never puts the plaintext or key in its errors', () => {
    const stored = cipher.encrypt('very-secret-value', CONTEXT);
    try {
      createFieldCipher(randomBytes(32)).decrypt(stored, CONTEXT);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).not.toContain('very-secret-value');
      expect(message).not.toContain(key.toString('hex'));
      expect(message).not.toContain(stored);
    }
    expect.assertions(3);
  });
});
