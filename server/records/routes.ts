import { Router } from 'express';
import { z } from 'zod';
import { currentUserId } from '../auth/session.js';
import { roomParams } from '../messages/schema.js';
import { parse } from '../shared/validation.js';
import type { ExportService } from './exportService.js';
import { renderRecordPdf } from './pdf.js';

const exportQuery = z.strictObject({ format: z.enum(['json', 'pdf']).default('json') });

/** `GET /api/rooms/:id/export?format=pdf|json`: the room's record. */
export function recordRoutes(deps: { exports: ExportService }): Router {
  const router = Router();
  router.get('/rooms/:id/export', async (req, res) => {
    const userId = currentUserId(req);
    const { id } = parse(roomParams, req.params, 'Room');
    const { format } = parse(exportQuery, req.query, 'Query');
    const record = await deps.exports.exportRoom(userId, id);
    const filename = `parley-record-${id}-${record.exportedAt.slice(0, 10)}`;
    if (format === 'json') {
      res.setHeader('Content-Disposition', `attachment; filename="${filename}.json"`);
      res.json(record);
      return;
    }
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}.pdf"`);
    await renderRecordPdf(record, res);
  });
  return router;
}
