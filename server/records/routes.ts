import { Router } from 'express';
import { currentUserId } from '../auth/session.js';
import { roomParams } from '../messages/schema.js';
import type { Logger } from '../shared/logger.js';
import { parse } from '../shared/validation.js';
import { streamRecordJson } from './jsonExport.js';
import type { MediationRecordService } from './mediationRecord.js';
import { streamRecordPdf } from './pdf.js';
import type { RecordService } from './recordService.js';
import { emptyQuery, exportQuery } from './schema.js';
import type { RecordKeyStore } from './signingKey.js';

/**
 * `GET /api/rooms/:id/export?format=pdf|json&from=&to=&fromSeq=&toSeq=&batesPrefix=&batesStart=`:
 * the signed record, streamed. `GET /api/rooms/:id/mediation-record`: the caller's own
 * coaching history in that room.
 */
export function recordRoutes(deps: {
  records: RecordService;
  mediationRecords: MediationRecordService;
  batesPrefix: string;
  logger: Logger;
}): Router {
  const router = Router();

  router.get('/rooms/:id/export', async (req, res) => {
    const userId = currentUserId(req);
    const { id } = parse(roomParams, req.params, 'Room');
    const query = parse(exportQuery, req.query, 'Query');
    const plan = await deps.records.plan(userId, id, query, query.format);
    const filename = `parley-record-${id}-${plan.header.exportedAt.slice(0, 10)}`;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Type',
      query.format === 'json' ? 'application/json; charset=utf-8' : 'application/pdf',
    );
    res.setHeader('Content-Disposition', `attachment; filename="${filename}.${query.format}"`);
    try {
      if (query.format === 'json') await streamRecordJson(deps.records, plan, res);
      else
        await streamRecordPdf(deps.records, plan, res, {
          prefix: query.batesPrefix ?? deps.batesPrefix,
          start: query.batesStart,
        });
    } catch (err) {
      if (!res.headersSent) throw err;
      // Mid-stream: the only honest answer is a cut connection (a truncated
      // file fails verification); an error body would corrupt the file.
      deps.logger.error({ err, roomId: id }, 'record export failed mid-stream');
      res.destroy();
    }
  });

  router.get('/rooms/:id/mediation-record', async (req, res) => {
    const userId = currentUserId(req);
    const { id } = parse(roomParams, req.params, 'Room');
    parse(emptyQuery, req.query, 'Query');
    const { text, exportedAt } = await deps.mediationRecords.export(userId, id);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="parley-mediation-record-${id}-${exportedAt.slice(0, 10)}.json"`,
    );
    res.send(text);
  });

  return router;
}

/** `GET /.well-known/parley-record-key`: the public key every export is signed with. */
export function recordKeyRoutes(deps: { keys: RecordKeyStore }): Router {
  const router = Router();
  router.get('/parley-record-key', async (_req, res) => {
    const { publicKey } = await deps.keys.signer();
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(publicKey);
  });
  return router;
}
