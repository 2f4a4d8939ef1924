import 'server-only';
import { accountsEnabled } from '../auth';
import { getDatabase } from '../db/client';
import { accountDailyBudget } from '../db/queries';
import { env } from '../env';
import { errorResponse } from '../errors';
import type { BudgetLeft } from '../protocol/message-metadata';
import { createAnswerSpend, type AnswerSpend } from './answer-spend';
import { createBudgets } from './budgets';
import {
  createMemoryGenerationSlots,
  createRedisGenerationSlots,
  GenerationSlotsUnavailableError,
  type GenerationSlots,
} from './generation-slots';
import type { StepSpend } from './meter';

export type { AnswerSpend } from './answer-spend';
export { BudgetExceededError } from './budgets';

// Daily budgets (RILL_BUDGET_PER_IDENTITY_USD, RILL_BUDGET_TOTAL_USD, and an account's own, set by an admin) and the cap on answers
// generating at once per identity (RILL_MAX_GENERATIONS_PER_IDENTITY).

const budgets = createBudgets({
  database: getDatabase,
  limits: {
    perIdentityUsd: env.RILL_BUDGET_PER_IDENTITY_USD,
    totalUsd: env.RILL_BUDGET_TOTAL_USD,
    // An admin's budget for one account (the admin page) replaces the per-identity one for it.
    ownBudgetUsd: accountsEnabled ? async (ownerId) => (await accountDailyBudget(await getDatabase(), ownerId)) ?? undefined : undefined,
  },
});

/** Whether the operator set any budget: without one there is nothing to show or check. */
export const budgetsSet: boolean = budgets.enabled;

/** What is left today of the tighter budget, for the footer; undefined when no budget is set. */
export function budgetLeft(ownerId: string | undefined): Promise<BudgetLeft | undefined> {
  return budgets.left(ownerId);
}

/** The budget guard and spend record of one answer. */
export function answerSpend(ownerId: string, model: string): AnswerSpend {
  return createAnswerSpend(budgets, ownerId, model);
}

/** Throws BudgetExceededError once a budget the owner draws on is used up: before a call outside an answer. */
export async function checkBudget(ownerId: string): Promise<void> {
  if (budgets.enabled) await budgets.check(ownerId);
}

/** Records an upstream call made outside an answer (the title, a summary); a failure is logged, never thrown. */
export function recordSpend(ownerId: string, model: string, spend: StepSpend): Promise<void> {
  return budgets.record(ownerId, model, spend);
}

let slots: { identity: GenerationSlots; address: GenerationSlots } | undefined;

function getSlots() {
  const make = (limit: number, prefix: string) =>
    env.REDIS_URL ? createRedisGenerationSlots({ url: env.REDIS_URL, limit, prefix }) : createMemoryGenerationSlots(limit);
  slots ??= {
    identity: make(env.RILL_MAX_GENERATIONS_PER_IDENTITY, 'rill:generations:'),
    // Identities cost little to make: the client's address has a cap of its own.
    address: make(env.RILL_MAX_GENERATIONS_PER_IP, 'rill:generations-per-ip:'),
  };
  return slots;
}

const answers = (limit: number) => (limit === 1 ? 'an answer' : `${limit} answers`);

/**
 * Takes one of the owner's generation slots and one of their address's, both released when the
 * generation ends; or the response refusing the request: 429 when either is full, 503 when Redis
 * cannot say.
 */
export async function takeGenerationSlot(ownerId: string, client: string): Promise<{ ok: true; release: () => void } | { ok: false; response: Response }> {
  const { identity, address } = getSlots();
  try {
    const releaseIdentity = await identity.acquire(ownerId);
    if (!releaseIdentity) {
      return tooMany(
        `You already have ${answers(env.RILL_MAX_GENERATIONS_PER_IDENTITY)} being written, as many as this Rill allows at once. Wait for one to finish, or stop one, then send again.`,
      );
    }
    const releaseAddress = await address.acquire(client).catch((error: unknown) => {
      releaseIdentity();
      throw error;
    });
    if (!releaseAddress) {
      releaseIdentity();
      return tooMany(
        `Your network already has ${answers(env.RILL_MAX_GENERATIONS_PER_IP)} being written, as many as this Rill allows from one address. Wait for one to finish, then send again.`,
      );
    }
    return {
      ok: true,
      release: () => {
        releaseAddress();
        releaseIdentity();
      },
    };
  } catch (error) {
    if (!(error instanceof GenerationSlotsUnavailableError)) throw error;
    console.error(error.message);
    return {
      ok: false,
      response: errorResponse({ type: 'generation_limit_unavailable', message: 'Rill cannot check its limits right now.', retryAfterSeconds: 5 }),
    };
  }
}

function tooMany(message: string): { ok: false; response: Response } {
  return { ok: false, response: errorResponse({ type: 'too_many_generations', message }) };
}
