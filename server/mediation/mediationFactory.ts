import type { Config } from '../config.js';
import type { Context } from '../context.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Logger } from '../shared/logger.js';
import { ClaudeMediator } from './claudeMediator.js';
import { createContextRepository } from './contextRepository.js';
import { sourceOf, withFallback } from './fallback.js';
import { createInterventionRepository } from './interventionRepository.js';
import { createLearning } from './learning.js';
import type { LearningRepository } from './learningRepository.js';
import { LocalMediator } from './local/index.js';
import { createMediationService, type MediationServiceDeps } from './mediationService.js';
import { createStyleFollower } from './styleFollower.js';
import type { Mediator } from './types.js';

/**
 * The process's mediator (DESIGN.md "Running"): the local one when no
 * Anthropic key is configured; otherwise Claude, with the local one answering
 * whenever Claude errors, times out or answers nonsense.
 */
export function createMediator(config: Config, logger: Logger, metrics?: Metrics): Mediator {
  const local = new LocalMediator();
  if (!config.ANTHROPIC_API_KEY) return metrics?.enabled ? measured(local, metrics, false) : local;
  const claude = new ClaudeMediator({
    apiKey: config.ANTHROPIC_API_KEY,
    baseURL: config.ANTHROPIC_BASE_URL,
    model: config.ANTHROPIC_MODEL,
    timeoutMs: config.ANTHROPIC_TIMEOUT_MS,
  });
  const mediator = withFallback(claude, local, logger);
  return metrics?.enabled ? measured(mediator, metrics, true) : mediator;
}

/**
 * Times every analysis and counts its action by which mediator answered: the
 * local one alone, Claude, or the local one standing in for a failed Claude.
 */
function measured(mediator: Mediator, metrics: Metrics, withClaude: boolean): Mediator {
  return {
    name: mediator.name,
    async analyze(input) {
      const started = process.hrtime.bigint();
      const result = await mediator.analyze(input);
      const kind = !withClaude
        ? 'local'
        : sourceOf(result, mediator.name) === 'claude'
          ? 'claude'
          : 'fallback';
      metrics.mediator.observe(
        kind,
        result.action,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      return result;
    },
  };
}

/**
 * The mediation service with its repositories, for the container. `deliver`
 * is messaging's idempotent append; `roomContext` the send path's in-memory
 * room state (members, recent messages, triggers), told of trigger changes.
 */
export function createMediation(
  ctx: Context,
  wiring: Pick<MediationServiceDeps, 'deliver' | 'roomContext' | 'onTriggersChanged'> & {
    learningRepository: LearningRepository;
  },
  metrics?: Metrics,
) {
  const context = createContextRepository(ctx.db);
  const { learningRepository } = wiring;
  const learningDeps = { learning: learningRepository, context, logger: ctx.logger };
  const service = createMediationService({
    db: ctx.db,
    mediator: createMediator(ctx.config, ctx.logger, metrics),
    interventions: createInterventionRepository(ctx.db),
    context,
    learningRepository,
    learning: createLearning(learningDeps),
    deliver: wiring.deliver,
    roomContext: wiring.roomContext,
    onTriggersChanged: wiring.onTriggersChanged,
    ignoreAfterHours: ctx.config.INTERVENTION_IGNORE_AFTER_HOURS,
    logger: ctx.logger,
  });
  // Profiles follow each sender's style off the send path (after commit).
  return { ...service, styles: createStyleFollower({ ...learningDeps, db: ctx.db }) };
}
