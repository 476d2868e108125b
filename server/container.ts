import { randomUUID } from 'node:crypto';
import type https from 'node:https';
import { createDeletionService } from './account/deletionService.js';
import { createExportRepository } from './account/exportRepository.js';
import { createExportService } from './account/exportService.js';
import { createAuthService } from './auth/authService.js';
import { createLoginLimits } from './auth/loginLimits.js';
import { createBcryptHasher } from './auth/passwords.js';
import { createAccountService } from './auth/accountService.js';
import { createMailTokens } from './auth/mailTokens.js';
import { createSessionControl } from './auth/sessionControl.js';
import { createSessionRepository } from './auth/sessionRepository.js';
import { createUserRepository } from './auth/userRepository.js';
import { createContactRepository } from './contacts/contactRepository.js';
import { createContactService } from './contacts/contactService.js';
import type { Context } from './context.js';
import { createMailer } from './mail/createMailer.js';
import { createMessageRepository } from './messages/messageRepository.js';
import { createSocketLimits } from './messages/events.js';
import { createMessaging } from './messages/messagingFactory.js';
import { createMediationSocketLimits } from './mediation/events.js';
import { createMediation } from './mediation/mediationFactory.js';
import { HINTS_PER_USER } from './mediation/learning.js';
import { createLearningRepository } from './mediation/learningRepository.js';
import { createMetrics } from './metrics/metrics.js';
import { createDeliveryHandlers } from './notifications/deliveryHandlers.js';
import { createNotificationRepository } from './notifications/notificationRepository.js';
import { createNotificationService } from './notifications/notificationService.js';
import { createOutboxRepository } from './outbox/outboxRepository.js';
import { createOutboxWorker, type OutboxWorkerOptions } from './outbox/outboxWorker.js';
import { FAILURES_PER_IP, FAILURES_PER_USER } from './pairing/attemptLimits.js';
import { createPairingRepository } from './pairing/pairingRepository.js';
import { createPairingService } from './pairing/pairingService.js';
import { createProfileRepository } from './profile/profileRepository.js';
import { createProfileService } from './profile/profileService.js';
import { createEndpointGuard, publicOnlyAgent } from './push/endpointGuard.js';
import { createPushRepository } from './push/pushRepository.js';
import { createPushSender } from './push/pushSender.js';
import { createPushService } from './push/pushService.js';
import { createVapidKeyStore } from './push/vapidKeys.js';
import { createRealtimeHub } from './realtime/hub.js';
import { createMediationRecordService } from './records/mediationRecord.js';
import { createRecordRepository } from './records/recordRepository.js';
import { createRecordService } from './records/recordService.js';
import { createRecordKeyStore } from './records/signingKey.js';
import { createSigningKeyRepository } from './records/signingKeyRepository.js';
import { mailInvitationMailer, type InvitationMailer } from './professionals/invitationMailer.js';
import { createProfessionalRepository } from './professionals/professionalRepository.js';
import { createProfessionalService } from './professionals/professionalService.js';
import { createRoomAccess } from './rooms/roomAccess.js';
import { createRoomRepository } from './rooms/roomRepository.js';
import { createRoomService } from './rooms/roomService.js';
import { createFieldCipher } from './shared/crypto.js';
import { sharedLimiter } from './shared/rateLimit.js';
import { createTaskRepository } from './tasks/taskRepository.js';
import { createTaskService } from './tasks/taskService.js';
import { createThreadRepository } from './threads/threadRepository.js';
import { createThreadService } from './threads/threadService.js';

/** Hooks for tests; production passes nothing. */
export interface ServiceOptions {
  /** https agent for web push (tests: one trusting the push-service double's CA). */
  pushAgent?: https.Agent;
  /** Socket timeout of one push request (default 10 s). */
  pushTimeoutMs?: number;
  /** Outbox worker tuning; `autoStart: false` leaves running it to the caller (`drain()`). */
  outbox?: Partial<
    Pick<OutboxWorkerOptions, 'pollMs' | 'batchSize' | 'maxAttempts' | 'retryBaseMs' | 'leaseMs'>
  > & { autoStart?: boolean };
  /** Where professional invitations go (tests: one that keeps them; default: the log, without the link). */
  invitationMailer?: InvitationMailer;
}

/**
 * Builds every repository and service once per process. Transports (routes,
 * socket events) receive what they need from here; nothing else news them up.
 */
export function createServices(ctx: Context, options: ServiceOptions = {}) {
  const store = { pool: ctx.db.pool, redis: ctx.redis };
  const users = createUserRepository(ctx.db);
  const hasher = createBcryptHasher(ctx.config.BCRYPT_ROUNDS);
  const mailer = createMailer(ctx.config, ctx.publicUrl, ctx.logger);
  const perHour = (name: string, points: number) =>
    sharedLimiter(store, { name, points, durationSeconds: 60 * 60 });
  const auth = createAuthService({
    users,
    hasher,
    loginLimits: createLoginLimits(store),
    signupsByIp: sharedLimiter(store, {
      name: 'signup_ip',
      points: ctx.config.SIGNUPS_PER_IP_PER_HOUR,
      durationSeconds: 60 * 60,
    }),
  });
  const metrics = createMetrics({ enabled: Boolean(ctx.config.METRICS_TOKEN) });
  const hub = createRealtimeHub();
  const sessionRepository = createSessionRepository(ctx.db);
  const sessions = createSessionControl({ sessions: sessionRepository, hub });
  const mailTokens = createMailTokens({ db: ctx.db, secret: ctx.sessionSecret });
  // Wrong current passwords, whether to change the password or delete the account.
  const passwordChecksByUser = perHour('password_check_user', 10);
  const accounts = createAccountService({
    users,
    tokens: mailTokens,
    hasher,
    mailer,
    sessions,
    logger: ctx.logger,
    publicUrl: ctx.publicUrl,
    limits: {
      resendsByUser: perHour('verify_resend_user', 3),
      resetsByEmail: perHour('reset_email', 3),
      resetsByIp: perHour('reset_ip', 20),
      passwordChecksByUser,
    },
  });
  const roomRepository = createRoomRepository(ctx.db);
  const outbox = createOutboxRepository(ctx.db);
  const messageRepository = createMessageRepository(ctx.db);
  const professionalRepository = createProfessionalRepository(ctx.db);
  const roomAccess = createRoomAccess({
    rooms: roomRepository,
    professionals: {
      activeGrant: (roomId, userId) => professionalRepository.activeGrant(roomId, userId),
      logRead: (grant, roomId, userId, action, details) =>
        professionalRepository.log({ grantId: grant.id, roomId, actorId: userId, action, details }),
    },
  });
  const threads = createThreadService({
    db: ctx.db,
    threads: createThreadRepository(ctx.db),
    hub,
    access: roomAccess,
  });
  const learningRepository = createLearningRepository(ctx.db);
  const messaging = createMessaging({
    db: ctx.db,
    logger: ctx.logger,
    hub,
    messages: messageRepository,
    rooms: roomRepository,
    access: roomAccess,
    triggers: (roomId) => learningRepository.hintsInRoom(roomId, HINTS_PER_USER),
    limits: {
      maxInFlight: ctx.config.SEND_MAX_IN_FLIGHT,
      maxLagMs: ctx.config.SEND_MAX_LAG_MS,
      deadlineMs: ctx.config.SEND_DEADLINE_MS,
    },
  });
  const messages = messaging.service;
  const mediation = createMediation(
    ctx,
    {
      deliver: (message) => messages.deliver(message),
      learningRepository,
      roomContext: (roomId) => messaging.states.get(roomId),
      onTriggersChanged: (userId) => messaging.states.invalidateUser(userId),
    },
    metrics,
  );
  // Registered, not wired through forward references: mediation gates every
  // send; after each commit the thread it opened is announced, the outbox
  // woken for an offline receiver and the sender's profile follows (later).
  messaging.command.useGate(mediation.gate);
  messaging.command.onThreadOpened((thread) => threads.announceOpened(thread));
  messaging.command.onDelivered(({ row, notified, reading }) => {
    if (notified) outboxWorker.wake();
    mediation.styles.add({
      roomId: row.room_id,
      senderId: row.sender_id,
      seq: row.seq,
      type: row.type,
      text: row.text,
      reading,
    });
  });
  const mediationLimits = createMediationSocketLimits();
  const socketLimits = createSocketLimits(
    ctx.config.SOCKET_SENDS_PER_SECOND,
    ctx.config.USER_SENDS_PER_SECOND ?? 2 * ctx.config.SOCKET_SENDS_PER_SECOND,
  );
  const rooms = createRoomService({ rooms: roomRepository });
  const contactRepository = createContactRepository(ctx.db);
  const fieldCipher = createFieldCipher(ctx.encryptionKey);
  const contacts = createContactService({
    contacts: contactRepository,
    cipher: fieldCipher,
    db: ctx.db,
    logger: ctx.logger,
  });
  const profiles = createProfileService({
    profiles: createProfileRepository(ctx.db),
    cipher: fieldCipher,
  });
  const pairingAttempts = (name: string, points: number) =>
    sharedLimiter(store, { name, points, durationSeconds: 60 * 60 });
  const pairing = createPairingService({
    db: ctx.db,
    pairings: createPairingRepository(ctx.db),
    rooms: roomRepository,
    contacts: contactRepository,
    users,
    attemptsByUser: pairingAttempts('pairing_accept_user', FAILURES_PER_USER),
    attemptsByIp: pairingAttempts('pairing_accept_ip', FAILURES_PER_IP),
    publicUrl: ctx.publicUrl,
    ttlHours: ctx.config.PAIRING_TTL_HOURS,
    mailer,
    logger: ctx.logger,
    // Both parents' open sockets join the new room at once.
    onPaired: async (room) => {
      await hub.joinRoom(room.memberIds, room.id);
      // The room's record opens with the pairing itself, on the same chain.
      await messages.sendSystem({
        roomId: room.id,
        actorId: room.memberIds[1] ?? room.memberIds[0]!,
        clientId: `system:paired:${room.pairingId}`,
        text: 'You are now paired on Parley. Everything sent here is kept as a permanent, tamper-evident record.',
      });
    },
  });
  const recordRepository = createRecordRepository(ctx.db);
  const recordKeys = createRecordKeyStore({
    seedHex: ctx.config.RECORD_SIGNING_KEY,
    keys: createSigningKeyRepository(ctx.db),
    cipher: createFieldCipher(ctx.encryptionKey),
  });
  const records = createRecordService({
    access: roomAccess,
    rooms: roomRepository,
    users,
    messages: messageRepository,
    records: recordRepository,
    keys: recordKeys,
    publicUrl: ctx.publicUrl,
  });
  const mediationRecords = createMediationRecordService({
    access: roomAccess,
    rooms: roomRepository,
    users,
    records: recordRepository,
    keys: recordKeys,
    publicUrl: ctx.publicUrl,
  });
  const notifications = createNotificationService({
    db: ctx.db,
    notifications: createNotificationRepository(ctx.db),
    outbox,
    emitToUser: (userId, event, payload) => hub.emitToUser(userId, event, payload),
  });
  const vapid = createVapidKeyStore({
    config: ctx.config,
    db: ctx.db,
    publicUrl: ctx.publicUrl,
    cipher: fieldCipher,
  });
  const endpointGuard = createEndpointGuard({
    allowPrivate: ctx.config.PUSH_ALLOW_PRIVATE_HOSTS,
  });
  const push = createPushService({
    subscriptions: createPushRepository(ctx.db),
    vapid,
    guard: endpointGuard,
    sender: createPushSender({
      vapid,
      guard: endpointGuard,
      agent:
        options.pushAgent ?? (ctx.config.PUSH_ALLOW_PRIVATE_HOSTS ? undefined : publicOnlyAgent()),
      timeoutMs: options.pushTimeoutMs,
    }),
    outbox,
    logger: ctx.logger,
  });
  const outboxWorker = createOutboxWorker({
    db: ctx.db,
    logger: ctx.logger,
    repository: outbox,
    handlers: {
      ...createDeliveryHandlers({
        rooms: roomRepository,
        notifications,
        push,
        isOnline: (userId) => hub.isOnline(userId),
      }),
      push: push.handleOutbox,
    },
    // A push waits on someone else's server: its own transaction, never a batch's.
    ownTransactionKinds: ['push'],
    pollMs: options.outbox?.pollMs,
    batchSize: options.outbox?.batchSize,
    maxAttempts: options.outbox?.maxAttempts,
    retryBaseMs: options.outbox?.retryBaseMs,
    leaseMs: options.outbox?.leaseMs,
  });
  const professionals = createProfessionalService({
    db: ctx.db,
    grants: professionalRepository,
    access: roomAccess,
    users,
    notifications,
    mailer: options.invitationMailer ?? mailInvitationMailer(mailer),
    publicUrl: ctx.publicUrl,
    maxDays: ctx.config.PROFESSIONAL_ACCESS_MAX_DAYS,
  });
  const tasks = createTaskService({
    db: ctx.db,
    tasks: createTaskRepository(ctx.db),
    rooms: roomRepository,
    notifications,
    logger: ctx.logger,
    postSystemMessage: async (roomId, actorId, text) => {
      await messages.sendSystem({ roomId, actorId, text, clientId: `system-${randomUUID()}` });
    },
  });
  const accountDeletion = createDeletionService({
    db: ctx.db,
    hasher,
    sessions,
    notifications,
    passwordChecksByUser,
    postSystemMessage: (roomId, actorId, clientId, text) =>
      messages.sendSystem({ roomId, actorId, clientId, text }),
    forgetRoomsOf: (userId) => messaging.states.invalidateUser(userId),
    logger: ctx.logger,
  });
  const accountExports = createExportService({
    users,
    profiles,
    contacts,
    tasks,
    exports: createExportRepository(ctx.db),
  });
  return {
    accountDeletion,
    accountExports,
    metrics,
    outbox,
    outboxWorker,
    notifications,
    push,
    tasks,
    records,
    recordKeys,
    mediationRecords,
    professionals,
    roomAccess,
    users,
    auth,
    sessionRepository,
    sessions,
    accounts,
    mailTokens,
    mailer,
    hub,
    messageRepository,
    messages,
    messaging,
    socketLimits,
    threads,
    mediation,
    mediationLimits,
    roomRepository,
    rooms,
    contacts,
    profiles,
    pairing,
  };
}

export type Services = ReturnType<typeof createServices>;
