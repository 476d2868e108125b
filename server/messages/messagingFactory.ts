import type { Db } from '../db/pool.js';
import type { RealtimeHub } from '../realtime/hub.js';
import type { RoomAccess } from '../rooms/roomAccess.js';
import type { RoomRepository } from '../rooms/roomRepository.js';
import type { Logger } from '../shared/logger.js';
import type { TriggerHint } from '../mediation/types.js';
import { createAdmission, type AdmissionLimits } from './admission.js';
import { createBatchAppender } from './appendBatch.js';
import { createBatchRepository } from './batchRepository.js';
import type { MessageRepository } from './messageRepository.js';
import { createMessageService } from './messageService.js';
import { createRoomStates, roomStateLoader } from './roomState.js';
import { createRoomStateRepository } from './roomStateRepository.js';
import { createSendCommand } from './sendMessage.js';

/**
 * Messaging as the container wires it: the rooms' in-memory state, the
 * group committer, the send command and the service around them. The
 * members' triggers are read through `triggers` (mediation's), so this
 * domain does not import that one.
 */
export function createMessaging(deps: {
  db: Db;
  logger: Logger;
  hub: RealtimeHub;
  messages: MessageRepository;
  rooms: Pick<RoomRepository, 'isMember'>;
  access: Pick<RoomAccess, 'requireReader'>;
  triggers: (roomId: string) => Promise<Map<number, TriggerHint[]>>;
  limits: AdmissionLimits;
}) {
  const snapshots = createRoomStateRepository(deps.db);
  const states = createRoomStates(
    roomStateLoader((roomId, limit) => snapshots.snapshot(roomId, limit), deps.triggers),
  );
  const appender = createBatchAppender({
    db: deps.db,
    batches: createBatchRepository(),
    logger: deps.logger,
  });
  const admission = createAdmission(deps.limits);
  const command = createSendCommand({
    states,
    appender,
    messages: deps.messages,
    hub: deps.hub,
    admission,
  });
  const service = createMessageService({
    messages: deps.messages,
    rooms: deps.rooms,
    hub: deps.hub,
    command,
    access: deps.access,
  });
  return { states, appender, admission, command, service };
}
