import 'server-only';
import { after } from 'next/server';
import { getDatabase } from '../db/client';
import { getConversation, type ConversationWithMessages } from '../db/queries';
import { env } from '../env';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import { beginGeneration, stopLocalGeneration } from './generations';
import { TooManyReadersError } from './readers';
import { settleAnswersLeftStreaming, settleDeadAnswers } from './recovery';
import { getRegistry } from './registry';
import type { StreamWriter } from './types';

/**
 * Live answers: the answers being generated right now, on this instance or another.
 *
 * An answer is generated to its end whoever is listening. While it runs its chunks are kept
 * in a registry (memory, or Redis with REDIS_URL) that any browser may read from the first
 * chunk: the one that asked, and any that reloads or reconnects, on any instance. Stop reaches
 * the instance that runs it. Once it ends, the saved message is the answer.
 */

export { drainGenerations, isAnswerInterruption, isDraining } from './generations';
export { StreamRegistryUnavailableError as LiveAnswersUnavailableError } from './redis';
export { TooManyReadersError } from './readers';

const STOPPED_BY_USER = new Error('stopped by the user');
/** How long Stop waits for the partial answer to be saved, so that a reload right after finds it. */
const STOP_WAIT_MS = 5_000;

/** The key of a conversation's live answer: one owner's conversation, never another's. */
const conversationKey = (ownerId: string, conversationId: string) => `${ownerId}:${conversationId}`;

const registry = () => getRegistry((key) => void stopLocalGeneration(key, STOPPED_BY_USER, STOP_WAIT_MS));

/** Chunks as stored (JSON), in batches: what a response writes to the network. */
export type SerialisedChunks = AsyncIterable<string[]>;

/** One answer being generated on this instance. */
export type LiveAnswer = {
  /** Aborts on Stop (from any instance), when a newer answer starts in the conversation, and on shutdown past its grace. */
  signal: AbortSignal;
  /** Makes the answer readable by any browser; rejects with LiveAnswersUnavailableError when the registry cannot be reached. */
  publish(): Promise<void>;
  /** Appends a chunk for every reader; before `publish`, a programming error. */
  write(chunk: RillChunk): void;
  /** The answer from chunk `from` (its first by default), then as it is written, until it ends or `signal` aborts. */
  read(signal: AbortSignal, from?: number): Promise<SerialisedChunks | undefined>;
  /** Ends the answer's stream (readers finish) and its generation: call once it is saved. */
  finish(): Promise<void>;
};

/** Starts a live answer in the owner's conversation; one already running there is aborted. */
export function startLiveAnswer(ownerId: string, conversationId: string): LiveAnswer {
  const key = conversationKey(ownerId, conversationId);
  const generation = beginGeneration(key, env.RILL_ANSWER_TIME_LIMIT_S);
  const streamId = crypto.randomUUID();
  let writer: StreamWriter<RillChunk> | undefined;
  return {
    signal: generation.signal,
    async publish() {
      writer = await (await registry()).create(key, streamId);
    },
    write(chunk) {
      if (!writer) throw new Error('A live answer is written only once published.');
      writer.write(chunk);
    },
    async read(signal, from = 0) {
      return (await registry()).readSerialised(streamId, from, signal);
    },
    async finish() {
      try {
        await writer?.end();
      } catch (error) {
        console.error('Rill could not close a stream:', error instanceof Error ? error.message : error);
      } finally {
        generation.end();
      }
    },
  };
}

/** The conversation's live answer from its first chunk, for a browser that lost it; undefined when none runs. */
export async function readLiveAnswer(ownerId: string, conversationId: string, signal: AbortSignal): Promise<SerialisedChunks | undefined> {
  const live = await registry();
  const streamId = await live.activeStream(conversationKey(ownerId, conversationId));
  return streamId ? live.readSerialised(streamId, 0, signal) : undefined;
}

/** Whether an answer is being generated in the conversation, on any instance. */
export async function isAnswerLive(ownerId: string, conversationId: string): Promise<boolean> {
  return (await (await registry()).activeStream(conversationKey(ownerId, conversationId))) !== undefined;
}

/**
 * Stops the conversation's live answer wherever it runs, and resolves once its partial answer
 * is saved (or after a few seconds). False when none was running.
 */
export async function stopLiveAnswer(ownerId: string, conversationId: string): Promise<boolean> {
  const key = conversationKey(ownerId, conversationId);
  if (await stopLocalGeneration(key, STOPPED_BY_USER, STOP_WAIT_MS)) return true;
  const live = await registry();
  const streamId = await live.activeStream(key);
  if (!streamId) return false;
  // The instance that runs it saves the partial answer, then ends the stream: reading to its end waits for both.
  // A stream open in as many tabs as allowed cannot be read once more: then Stop does not wait.
  const reading = await live.readSerialised(streamId, 0, AbortSignal.timeout(STOP_WAIT_MS)).catch((error: unknown) => {
    if (error instanceof TooManyReadersError) return undefined;
    throw error;
  });
  await live.requestStop(key);
  if (reading) for await (const batch of reading) void batch;
  return true;
}

/**
 * Hands a generation that outlives its response to the platform: on Vercel, `after` registers it
 * with the function's waitUntil, without which the instance may be frozen once the response
 * ends; under `next start`, the server waits for it before it closes.
 */
export function handToPlatform(generation: Promise<void>): void {
  after(generation);
}

/**
 * The owner's conversation, with any answer left streaming by a generation that is gone
 * (a crash, a killed function) settled as interrupted, in the database too. While the
 * registry cannot be reached, nothing is settled: a live answer must never be cut off.
 */
export async function withDeadAnswersSettled(ownerId: string, conversation: ConversationWithMessages): Promise<ConversationWithMessages> {
  const db = await getDatabase();
  return settleDeadAnswers(
    db,
    conversation,
    () => isAnswerLive(ownerId, conversation.id).catch(() => true),
    () => getConversation(db, ownerId, conversation.id),
  );
}

/** On start, with the embedded database (which only this process can open): settles every answer a crash left streaming. */
export async function settleAnswersOfDeadProcess(): Promise<number> {
  return settleAnswersLeftStreaming(await getDatabase());
}

/** Rejects when the registry of live answers (Redis, with REDIS_URL) cannot be reached. */
export async function checkLiveAnswers(): Promise<void> {
  await (await registry()).activeStream('readiness-probe');
}
