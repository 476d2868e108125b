import { z } from 'zod';

/** `/api/rooms/:id`: room ids are uuids. */
export const roomParams = z.strictObject({ id: z.uuid({ message: 'must be a room id' }) });

/** `GET /api/rooms` takes no query parameters. */
export const listRoomsQuery = z.strictObject({});
