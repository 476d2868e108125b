import webpush from 'web-push';
import type { Config } from '../config.js';
import type { Queryable } from '../db/pool.js';
import type { FieldCipher } from '../shared/crypto.js';

/** The server's VAPID identity (RFC 8292). */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** Loads the keys once per process and keeps them. */
export interface VapidKeyStore {
  get(): Promise<VapidKeys>;
}

const KEY_NAME = 'vapid';
/** Additional authenticated data of the sealed private key. */
const CIPHER_CONTEXT = 'server_keys.vapid.privateKey';

/** server_keys.value for 'vapid': the private key sealed; plaintext only in rows from before issue 11. */
interface StoredPair {
  publicKey: string;
  privateKeyEnc?: string;
  privateKey?: string;
}

function assertKeyPair(publicKey: string, privateKey: string, source: string): void {
  const pub = Buffer.from(publicKey, 'base64url');
  const priv = Buffer.from(privateKey, 'base64url');
  if (pub.length !== 65 || pub[0] !== 0x04 || priv.length !== 32) {
    throw new Error(`${source}: VAPID keys must be a base64url P-256 pair (65 and 32 bytes)`);
  }
}

/**
 * VAPID keys from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY, else generated once
 * and kept in `server_keys` (never in code). Concurrent first starts of
 * several nodes agree: each inserts with ON CONFLICT DO NOTHING, then all
 * read back the one row that won. The subject is VAPID_SUBJECT, else the
 * public URL when it is https, else a mailto: on its host. The private key
 * is stored encrypted with the field cipher; a plaintext one found in an
 * older row is sealed in place on first load.
 */
export function createVapidKeyStore(deps: {
  config: Config;
  db: Queryable;
  publicUrl: string;
  cipher: FieldCipher;
}): VapidKeyStore {
  const { config, db, publicUrl, cipher } = deps;
  const subject =
    config.VAPID_SUBJECT ??
    (publicUrl.startsWith('https://') ? publicUrl : `mailto:push@${new URL(publicUrl).hostname}`);
  let loading: Promise<VapidKeys> | undefined;

  async function load(): Promise<VapidKeys> {
    if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) {
      assertKeyPair(config.VAPID_PUBLIC_KEY, config.VAPID_PRIVATE_KEY, 'VAPID_PUBLIC_KEY');
      return {
        publicKey: config.VAPID_PUBLIC_KEY,
        privateKey: config.VAPID_PRIVATE_KEY,
        subject,
      };
    }
    const fresh = webpush.generateVAPIDKeys();
    const sealed: StoredPair = {
      publicKey: fresh.publicKey,
      privateKeyEnc: cipher.encrypt(fresh.privateKey, CIPHER_CONTEXT),
    };
    await db.query(
      'INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [KEY_NAME, JSON.stringify(sealed)],
    );
    const { rows } = await db.query<{ value: StoredPair }>(
      'SELECT value FROM server_keys WHERE name = $1',
      [KEY_NAME],
    );
    const stored = rows[0]?.value;
    if (!stored) throw new Error('server_keys lost the VAPID key pair');
    let privateKey = stored.privateKey;
    if (stored.privateKeyEnc) {
      try {
        privateKey = cipher.decrypt(stored.privateKeyEnc, CIPHER_CONTEXT);
      } catch {
        throw new Error(
          'server_keys.vapid was sealed under another ENCRYPTION_KEY: every node must share one',
        );
      }
    }
    if (!privateKey) throw new Error('server_keys.vapid holds no private key');
    assertKeyPair(stored.publicKey, privateKey, 'server_keys.vapid');
    if (!stored.privateKeyEnc) {
      // A pair from before encryption at rest: seal it where it lies.
      await db.query(`UPDATE server_keys SET value = $2 WHERE name = $1 AND value = $3`, [
        KEY_NAME,
        JSON.stringify({
          publicKey: stored.publicKey,
          privateKeyEnc: cipher.encrypt(privateKey, CIPHER_CONTEXT),
        }),
        JSON.stringify(stored),
      ]);
    }
    return { publicKey: stored.publicKey, privateKey, subject };
  }

  return {
    get() {
      // A failed load (database briefly down) is retried on the next call.
      loading ??= load().catch((err: unknown) => {
        loading = undefined;
        throw err;
      });
      return loading;
    },
  };
}
