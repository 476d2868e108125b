/**
 * Minimal typings for http_ece (RFC 8188 encrypted content-encoding), which
 * ships none. Only what the push-service double uses is declared.
 */
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  /** Parameters accepted by encrypt/decrypt; strings are base64url. */
  export interface EceParams {
    version?: 'aes128gcm' | 'aesgcm' | 'aesgcm128';
    key?: string | Buffer;
    salt?: string | Buffer;
    rs?: number;
    keyid?: string | Buffer;
    /** The receiver's key pair when decrypting a Web Push message. */
    privateKey?: ECDH;
    /** The peer's public key; aes128gcm carries the sender's in the body instead. */
    dh?: string | Buffer;
    authSecret?: string | Buffer;
    keymap?: Record<string, Buffer>;
    keylabel?: string;
  }

  const ece: {
    decrypt(
      buffer: Buffer,
      params: EceParams,
      keyLookupCallback?: (keyid: Buffer) => Buffer,
    ): Buffer;
    encrypt(
      buffer: Buffer,
      params: EceParams,
      keyLookupCallback?: (keyid: Buffer) => Buffer,
    ): Buffer;
  };
  export default ece;
}
