import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts and decrypts single text fields at rest (AES-256-GCM). */
export interface FieldCipher {
  /**
   * Returns `v1:<iv b64>:<tag b64>:<ciphertext b64>`. `context` is bound as
   * additional authenticated data: a ciphertext copied to another row or
   * column (another context) no longer decrypts.
   */
  encrypt(plaintext: string, context: string): string;
  /** The plaintext of `encrypt`'s output; throws if it was altered or moved. */
  decrypt(stored: string, context: string): string;
}

/** Thrown when a stored value is malformed, tampered with, or under another key. */
export class FieldCipherError extends Error {
  override name = 'FieldCipherError';
}

/** A cipher over `key` (32 bytes: ctx.encryptionKey). A fresh random IV per value. */
export function createFieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new FieldCipherError('The encryption key must be 32 bytes');
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64'), tag.toString('base64'), data.toString('base64')].join(
        ':',
      );
    },

    decrypt(stored, context) {
      const [version, ivB64, tagB64, dataB64, ...rest] = stored.split(':');
      if (version !== VERSION || ivB64 === undefined || tagB64 === undefined) {
        throw new FieldCipherError('Unrecognised ciphertext format');
      }
      if (dataB64 === undefined || rest.length > 0) {
        throw new FieldCipherError('Unrecognised ciphertext format');
      }
      const iv = Buffer.from(ivB64, 'base64');
      const tag = Buffer.from(tagB64, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new FieldCipherError('Unrecognised ciphertext format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        const data = Buffer.from(dataB64, 'base64');
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        // Never echo the value or the key: only that authentication failed.
        throw new FieldCipherError('Ciphertext failed authentication');
      }
    },
  };
}
