/**
 * RS256 JWT signing with a JWKS, as an OpenID provider publishes it, so the
 * OAuth double can hand out id_tokens a relying party could really verify.
 */
import { generateKeyPair, randomBytes, sign, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** Signs JWTs with one RSA key and publishes its public half. */
export interface JwtSigner {
  /** `{ keys: [...] }` as served at a jwks_uri. */
  jwks: { keys: JsonWebKey[] };
  sign(claims: Record<string, unknown>): string;
}

/** Creates a signer with a fresh 2048-bit RSA key and a random `kid`. */
export async function createJwtSigner(): Promise<JwtSigner> {
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const jwk = {
    ...publicKey.export({ format: 'jwk' }),
    kid,
    alg: 'RS256',
    use: 'sig',
  };
  const encode = (value: unknown): string =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return {
    jwks: { keys: [jwk] },
    sign(claims) {
      const input = `${encode({ alg: 'RS256', kid, typ: 'JWT' })}.${encode(claims)}`;
      // RSA keys sign PKCS#1 v1.5 by default, which is what RS256 means.
      const signature = sign('sha256', Buffer.from(input), privateKey);
      return `${input}.${signature.toString('base64url')}`;
    },
  };
}
