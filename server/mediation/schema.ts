import { z } from 'zod';
import { messageText } from '../messages/schema.js';

const interventionId = z.uuid({ message: 'must be an intervention id' });

/** `intervention:resolve`: each choice carries exactly what it needs. */
export const resolvePayload = z.discriminatedUnion('choice', [
  z.strictObject({
    interventionId,
    choice: z.literal('accept'),
    suggestionIndex: z.number().int().min(0).max(2),
  }),
  z.strictObject({ interventionId, choice: z.literal('edit'), text: messageText }),
  z.strictObject({ interventionId, choice: z.literal('send_original') }),
  z.strictObject({ interventionId, choice: z.literal('discard') }),
]);
export type ResolvePayload = z.infer<typeof resolvePayload>;

/** `draft:analyze`: the draft so far (may be empty while the sender starts typing). */
export const draftPayload = z.strictObject({
  roomId: z.uuid({ message: 'must be a room id' }),
  text: z.string().max(4000),
});

/** `GET /api/mediation/stats` and `/triggers` take no query parameters. */
export const emptyQuery = z.strictObject({});
