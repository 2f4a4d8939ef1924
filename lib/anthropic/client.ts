import 'server-only';
import Anthropic, { AnthropicError } from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages';
import { env } from '../env';
import { BUILT_IN_MODELS, DEMO_MODEL, DEMO_MODEL_ID, type ModelOption } from '../models';
import { createDemoFetch } from './demo';
import { nodeFetch, takeNodeBody } from './transport';
import { upstreamStream, type UpstreamStream } from './upstream-stream';

/** With no API key Rill answers with the offline demo model; with one it never does. */
export const isDemoMode: boolean = !env.ANTHROPIC_API_KEY;

function createClient(): Anthropic {
  const common = { maxRetries: env.RILL_UPSTREAM_MAX_RETRIES, timeout: env.RILL_UPSTREAM_TIMEOUT_MS };
  if (isDemoMode) {
    return new Anthropic({
      ...common,
      apiKey: 'demo',
      baseURL: 'http://demo.rill.invalid',
      fetch: createDemoFetch(env.RILL_DEMO_DELTA_MS),
    });
  }
  return new Anthropic({ ...common, apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL ?? null, fetch: nodeFetch });
}

/** The one upstream client of this server instance; it keeps its connection pool warm. */
export const anthropic: Anthropic = createClient();

/**
 * Opens a streamed Messages request: the SDK makes the request (headers, retries, errors
 * before the first byte), and the answer's events are read from the response's own stream.
 */
export async function streamMessage(params: MessageCreateParamsStreaming, options: { signal: AbortSignal; maxRetries?: number }): Promise<UpstreamStream> {
  const controller = new AbortController();
  const signal = AbortSignal.any([options.signal, controller.signal]);
  const response = await anthropic.messages.create(params, { ...options, signal }).asResponse();
  const body = takeNodeBody(response) ?? response.body;
  if (!body) throw new AnthropicError('Anthropic answered a streamed request without a body.');
  return upstreamStream(body, response.headers, controller);
}

export const defaultModel: string = isDemoMode ? DEMO_MODEL_ID : env.ANTHROPIC_MODEL;

/** The models a request may name: the operator's list (RILL_MODELS), and always the default model. */
export const allowedModels: readonly string[] = [...new Set([defaultModel, ...env.RILL_MODELS])];

const MODEL_LIST_TTL_MS = 60 * 60 * 1000;
// After a failed Models API call, try again soon rather than showing the fallback for an hour.
const FALLBACK_LIST_TTL_MS = 60 * 1000;
let cachedModels: { expiresAt: number; models: ModelOption[] } | undefined;

/**
 * Models offered in the picker: those of the Models API that a request may name, with a key
 * (cached for an hour), falling back to the built-in list when that call fails; only the demo
 * model without one.
 */
export async function listModels(): Promise<ModelOption[]> {
  if (isDemoMode) return [DEMO_MODEL];
  if (cachedModels && Date.now() < cachedModels.expiresAt) return cachedModels.models;
  let models: ModelOption[] = [];
  let ttl = MODEL_LIST_TTL_MS;
  try {
    for await (const model of anthropic.models.list({ limit: 100 }, { timeout: 5_000, maxRetries: 0 })) {
      models.push({ id: model.id, label: model.display_name || model.id });
    }
  } catch {
    models = [...BUILT_IN_MODELS];
    ttl = FALLBACK_LIST_TTL_MS;
  }
  models = models.filter((m) => allowedModels.includes(m.id));
  if (!models.some((m) => m.id === defaultModel)) models.unshift({ id: defaultModel, label: defaultModel });
  cachedModels = { expiresAt: Date.now() + ttl, models };
  return models;
}
