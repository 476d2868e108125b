import Anthropic from '@anthropic-ai/sdk';
import { LocalMediator, keepsTheMessage } from './local/index.js';
import {
  buildPrompt,
  MEDIATION_TOOL,
  SYSTEM_PROMPT,
  TOOL_NAME,
  toolInput,
  type ToolInput,
} from './claudeTool.js';
import { MediatorFailure } from './fallback.js';
import type { MediationInput, MediationResult, Mediator } from './types.js';

/** How the Claude mediator reaches the Messages API. */
export interface ClaudeMediatorOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL; the SDK's default when absent. */
  baseURL?: string;
  model: string;
  /** Whole-call budget in ms (ANTHROPIC_TIMEOUT_MS). */
  timeoutMs: number;
  maxTokens?: number;
}

/**
 * The mediator backed by Claude: one `messages.create` call with a forced
 * tool whose schema is a MediationResult. It never retries (the timeout is
 * the sender's wait) and throws a MediatorFailure on anything unexpected, so
 * `withFallback` can hand the message to the local mediator.
 */
export class ClaudeMediator implements Mediator {
  readonly name = 'claude';
  private readonly client: Anthropic;

  constructor(private readonly options: ClaudeMediatorOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      // A retry would double the sender's wait; the local mediator is the retry.
      maxRetries: 0,
    });
  }

  async analyze(input: MediationInput): Promise<MediationResult> {
    const response = await this.client.messages.create(
      {
        model: this.options.model,
        max_tokens: this.options.maxTokens ?? 1024,
        system: SYSTEM_PROMPT,
        messages: [{ role: 'user', content: buildPrompt(input) }],
        tools: [MEDIATION_TOOL],
        tool_choice: { type: 'tool', name: TOOL_NAME },
      },
      // The SDK's timeout covers the connection; the signal bounds the whole
      // call, body included.
      { timeout: this.options.timeoutMs, signal: AbortSignal.timeout(this.options.timeoutMs) },
    );
    const block = response.content.find((b) => b.type === 'tool_use' && b.name === TOOL_NAME);
    if (!block || block.type !== 'tool_use') {
      throw new MediatorFailure('malformed', 'the answer holds no mediation tool call');
    }
    const parsed = toolInput.safeParse(block.input);
    if (!parsed.success) {
      throw new MediatorFailure('malformed', 'the tool input does not match the schema');
    }
    return toResult(parsed.data, input);
  }
}

const local = new LocalMediator();

/**
 * A verdict the send path can rely on: an intervention carries at least one
 * rewrite, and every rewrite passed the same keeper as the local ones (every
 * fact kept, calm, no pasted fact list). A rewrite that fails is replaced by
 * the local rewriter's suggestion at the same place — that suggestion only.
 */
function toResult(answer: ToolInput, input: MediationInput): MediationResult {
  if (answer.action === 'pass') return { ...answer, suggestions: [] };
  const drafts = [...new Set(answer.suggestions)];
  if (drafts.length === 0) {
    throw new MediatorFailure('malformed', 'an intervention without a rewrite');
  }
  let fallback: string[] | null = null;
  const suggestions: string[] = [];
  drafts.forEach((draft, index) => {
    if (keepsTheMessage(input.text, draft)) {
      suggestions.push(draft);
      return;
    }
    fallback ??= local.analyzeSync(input).suggestions;
    const replacement = fallback[index] ?? fallback[0];
    if (replacement !== undefined && !suggestions.includes(replacement))
      suggestions.push(replacement);
  });
  if (suggestions.length === 0) {
    throw new MediatorFailure('malformed', 'no usable rewrite');
  }
  return { ...answer, suggestions };
}
