import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import type { FieldCipher } from '../shared/crypto.js';
import type { SigningKeyRepository } from './signingKeyRepository.js';

/** The public half, as served at /.well-known/parley-record-key and printed in exports. */
export interface PublicRecordKey {
  algorithm: 'Ed25519';
  /** The raw 32-byte public key, base64. */
  publicKey: string;
  /** SHA-256 of the raw public key, hex: what a court compares. */
  fingerprint: string;
  /** The same key as SPKI PEM, for tools such as openssl. */
  pem: string;
}

/** Signs records; the private key never leaves this object. */
export interface RecordSigner {
  readonly publicKey: PublicRecordKey;
  /** Ed25519 signature (base64) over `message`. */
  sign(message: Buffer): string;
}

// DER prefixes of an Ed25519 PKCS#8 private key and SPKI public key (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const CIPHER_CONTEXT = 'record_signing_keys.private_key';

function fromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

function seedOf(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
}

/** The raw public key of an Ed25519 key (the last 32 bytes of its SPKI). */
export function rawPublicKey(key: KeyObject): Buffer {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** An Ed25519 public key object from its raw 32 bytes. */
export function publicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** SHA-256 of the raw public key, hex. */
export function fingerprintOf(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

function signerFor(privateKey: KeyObject): RecordSigner {
  const raw = rawPublicKey(privateKey);
  const publicKey: PublicRecordKey = {
    algorithm: 'Ed25519',
    publicKey: raw.toString('base64'),
    fingerprint: fingerprintOf(raw),
    pem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
  };
  return {
    publicKey,
    sign: (message) => sign(null, message, privateKey).toString('base64'),
  };
}

/**
 * The process's record signer: from RECORD_SIGNING_KEY (a 64-hex seed) when
 * set, else the key in the database — generated once on first use and kept
 * there encrypted with the field cipher (ENCRYPTION_KEY), so every node and
 * every restart signs with the same key.
 */
export function createRecordKeyStore(deps: {
  seedHex?: string;
  keys: SigningKeyRepository;
  cipher: FieldCipher;
}) {
  let loading: Promise<RecordSigner> | undefined;

  async function fromDatabase(): Promise<RecordSigner> {
    let row = await deps.keys.findActive();
    if (!row) {
      const { privateKey } = generateKeyPairSync('ed25519');
      const raw = rawPublicKey(privateKey);
      await deps.keys.insertIfNone({
        public_key: raw.toString('base64'),
        fingerprint: fingerprintOf(raw),
        private_key_enc: deps.cipher.encrypt(seedOf(privateKey).toString('hex'), CIPHER_CONTEXT),
      });
      row = await deps.keys.findActive();
      if (!row) throw new Error('record signing key was not stored');
    }
    const seed = Buffer.from(deps.cipher.decrypt(row.private_key_enc, CIPHER_CONTEXT), 'hex');
    const signer = signerFor(fromSeed(seed));
    if (signer.publicKey.publicKey !== row.public_key) {
      throw new Error('record signing key does not match its stored public key');
    }
    return signer;
  }

  return {
    /** The signer, loaded (or generated) once per process. */
    signer(): Promise<RecordSigner> {
      loading ??= (
        deps.seedHex
          ? Promise.resolve(signerFor(fromSeed(Buffer.from(deps.seedHex, 'hex'))))
          : fromDatabase()
      ).catch((err: unknown) => {
        loading = undefined;
        throw err;
      });
      return loading;
    },
  };
}

export type RecordKeyStore = ReturnType<typeof createRecordKeyStore>;
