import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Returns the secret stored in `<dataDir>/<name>`, creating it (32 random
 * bytes, hex, mode 0600) on first use. Lets a machine with no configuration
 * keep stable sessions and encryption keys across restarts.
 */
export async function loadOrCreateSecret(dataDir: string, name: string): Promise<string> {
  const file = path.resolve(dataDir, name);
  if (existsSync(file)) {
    const value = (await readFile(file, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(value)) return value;
    throw new Error(`${file} does not hold a 64-hex-character secret`);
  }
  await mkdir(path.dirname(file), { recursive: true });
  const value = randomBytes(32).toString('hex');
  await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' }).catch((err: unknown) => {
    // Another process created it first: use theirs.
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
  });
  await chmod(file, 0o600);
  return (await readFile(file, 'utf8')).trim();
}
