/**
 * A throw-away TLS certificate for 127.0.0.1, made with the openssl CLI
 * because node's crypto can parse X.509 but cannot issue it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM key and certificate, plus the certificate's file for NODE_EXTRA_CA_CERTS. */
export interface SelfSignedCert {
  key: string;
  cert: string;
  /** Path of the PEM certificate; exists until `dispose()`. */
  certFile: string;
  dispose(): Promise<void>;
}

/**
 * Issues a one-day P-256 certificate valid for IP 127.0.0.1 and DNS localhost.
 * The subjectAltName matters: node checks the IP against SAN, not the CN.
 */
export async function createSelfSignedCert(): Promise<SelfSignedCert> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
    return { key, cert, certFile, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
