/**
 * Checks a Parley record file offline: no database, no server, no network.
 *
 *   npx tsx scripts/verify-export.ts FILE.json [--fingerprint HEX] [--json]
 *
 * Prints "intact", "broken at seq N" or "signature invalid" as its last line
 * (docs/record.md describes the algorithm). Exit code: 0 intact, 1 broken,
 * 2 signature invalid, 3 not a record / unreadable.
 */
import { readFile } from 'node:fs/promises';
import { verifyRecordBytes } from '../server/records/verifyRecord.js';

function usage(): never {
  process.stderr.write('usage: verify-export FILE.json [--fingerprint HEX] [--json]\n');
  process.exit(3);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--fingerprint');
  if (!file) usage();
  const at = args.indexOf('--fingerprint');
  const fingerprint = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !/^[0-9a-fA-F]{64}$/.test(fingerprint ?? '')) usage();
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
    return 3;
  }
  const result = verifyRecordBytes(bytes, fingerprint);
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const { signature, chain, serverChain } = result;
    process.stdout.write(
      signature.valid
        ? `signature: valid, Ed25519 key ${signature.keyFingerprint}\n`
        : `signature: INVALID (${signature.reason})\n`,
    );
    if (chain) {
      process.stdout.write(
        chain.ok
          ? `chain: ${chain.count} messages, seq ${chain.fromSeq}..${chain.toSeq}, every hash recomputed and linked\n`
          : `chain: BROKEN at seq ${chain.brokenAtSeq}\n`,
      );
    }
    if (serverChain && !serverChain.ok) {
      process.stdout.write(
        `server's own check at export: broken at seq ${serverChain.brokenAtSeq}\n`,
      );
    }
  }
  switch (result.verdict) {
    case 'intact':
      process.stdout.write('intact\n');
      return 0;
    case 'broken':
      process.stdout.write(
        `broken at seq ${result.chain?.brokenAtSeq ?? result.serverChain?.brokenAtSeq}\n`,
      );
      return 1;
    case 'signature_invalid':
      process.stdout.write('signature invalid\n');
      return 2;
    default:
      process.stdout.write('not a Parley record\n');
      return 3;
  }
}

process.exitCode = await main();
