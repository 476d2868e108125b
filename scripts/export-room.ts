/**
 * `npm run export-room -- ROOM_ID [options]`: the signed record of one room to
 * a file, for an operator answering a court order or a subject-access request
 * without signing in as a parent. The same exporters as
 * `GET /api/rooms/:id/export` (server/records/), so the file verifies offline
 * with `scripts/verify-export.ts` like any other; its header names the
 * operator instead of a reader.
 *
 *   --format json|pdf        (json)
 *   --out FILE               (parley-record-<room>-<date>.<format>; never overwritten)
 *   --operator "NAME, REF"   who exports and why, printed in the record (required)
 *   --from/--to DATE|TIME, --from-seq/--to-seq N, --bates-prefix P, --bates-start N
 *
 * Exit code 0 when written and the chain verified, 1 when written but the
 * chain is broken (the record says where), 2 when nothing could be written.
 * Database: DATABASE_URL, or the embedded one under DATA_DIR (server stopped);
 * the record-signing key needs the server's ENCRYPTION_KEY (or DATA_DIR's).
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../server/config.js';
import { createServices } from '../server/container.js';
import { openDatabase } from '../server/db/database.js';
import { createDb } from '../server/db/pool.js';
import { streamRecordJson } from '../server/records/jsonExport.js';
import { streamRecordPdf } from '../server/records/pdf.js';
import { exportQuery } from '../server/records/schema.js';
import { createLogger } from '../server/shared/logger.js';
import { loadOrCreateSecret } from '../server/shared/secrets.js';
import { parse } from '../server/shared/validation.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    operator: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'from-seq': { type: 'string' },
    'to-seq': { type: 'string' },
    'bates-prefix': { type: 'string' },
    'bates-start': { type: 'string' },
  },
});

async function main(): Promise<number> {
  const roomId = parse(z.uuid({ message: 'must be a room id' }), positionals[0], 'ROOM_ID');
  const operator = parse(z.string().trim().min(3).max(200), values.operator, '--operator');
  const query = parse(
    exportQuery,
    Object.fromEntries(
      Object.entries({
        format: values.format,
        from: values.from,
        to: values.to,
        fromSeq: values['from-seq'],
        toSeq: values['to-seq'],
        batesPrefix: values['bates-prefix'],
        batesStart: values['bates-start'],
      }).filter(([, v]) => v !== undefined),
    ),
    'Options',
  );
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', 'stderr');
  // As check-data-integrity: a given database is used as it is; the embedded one is started (and migrated).
  const database = config.DATABASE_URL
    ? (() => {
        const db = createDb(config.DATABASE_URL, logger, 4);
        return { db, close: () => db.close() };
      })()
    : await openDatabase(config, logger);
  try {
    const encryptionKey =
      config.ENCRYPTION_KEY ?? (await loadOrCreateSecret(config.DATA_DIR, 'encryption-key'));
    const services = createServices({
      config,
      logger,
      db: database.db,
      publicUrl: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ''),
      sessionSecret: 'unused-by-export-room-0123456789abcdef',
      encryptionKey: Buffer.from(encryptionKey, 'hex'),
    });
    const plan = await services.records.planForOperator(roomId, query, operator);
    const date = plan.header.exportedAt.slice(0, 10);
    const file = values.out ?? `parley-record-${roomId}-${date}.${query.format}`;
    const out = createWriteStream(file, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    const written =
      query.format === 'json'
        ? `signature digest ${await streamRecordJson(services.records, plan, out)}`
        : `${await streamRecordPdf(services.records, plan, out, {
            prefix: query.batesPrefix ?? config.RECORD_BATES_PREFIX,
            start: query.batesStart,
          })} pages`;
    await new Promise<void>((resolve) =>
      out.writableFinished ? resolve() : out.once('finish', resolve),
    );
    const { chain, count } = plan.expected;
    logger.info({ roomId, file, count, chainOk: chain.ok }, 'room record exported by the operator');
    console.log(
      `${file}: ${count} messages (seq ${plan.header.period.fromSeq}-${plan.header.period.toSeq}), ${written}; ` +
        `chain ${chain.ok ? 'verified' : `BROKEN at seq ${String(chain.brokenAtSeq)}`}; ` +
        `signing key ${plan.signer.publicKey.fingerprint}`,
    );
    return chain.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('export-room failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
