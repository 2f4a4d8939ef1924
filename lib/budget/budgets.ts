import type { Database } from '../db/client';
import { GroupCommit } from '../async/group-commit';
import { addDailySpend, dailySpendByModel, type DailySpendEntry, type DailySpendRow } from '../db/queries';
import { HIGHEST_PRICE, priceFor, WEB_SEARCH_USD } from '../models';
import type { BudgetLeft } from '../protocol/message-metadata';
import { costAtPrice } from '../usage';
import { formatUsd } from '../usage/format';
import { describeWait, msUntilReset, utcDay } from './day';
import type { StepSpend } from './meter';

/**
 * Daily limits in US dollars, per UTC day; an unset limit is no limit. `ownBudgetUsd` is the
 * budget an admin set for one account, which takes the place of `perIdentityUsd` for it:
 * undefined where none is set (a guest, or an account left at the default).
 */
export type BudgetLimits = {
  perIdentityUsd?: number | undefined;
  totalUsd?: number | undefined;
  ownBudgetUsd?: ((ownerId: string) => Promise<number | undefined>) | undefined;
};

/** A budget is used up: no further upstream call today (UTC) for this identity, or for anyone. */
export class BudgetExceededError extends Error {
  constructor(
    readonly budget: BudgetLeft,
    /** Seconds until the budget starts again, at 00:00 UTC. */
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

export type Budgets = {
  /** Whether any budget is set: without one there is nothing to check or report. */
  readonly enabled: boolean;
  /** Adds what one upstream call used to the owner's spend today; resolves once it is written (a failure is logged, never thrown). */
  record(ownerId: string, model: string, spend: StepSpend): Promise<void>;
  /** The tighter of the budgets that are set, as it stands now; undefined when none is. */
  left(ownerId: string | undefined): Promise<BudgetLeft | undefined>;
  /** Throws a BudgetExceededError when a budget that applies to this owner is used up. */
  check(ownerId: string): Promise<void>;
};

/**
 * Daily budgets over the `daily_spend` table. Spend is kept in tokens and priced when it is
 * read, from the one price table (lib/models), so that a price fix applies to the whole day.
 */
export function createBudgets(options: { database: () => Promise<Database>; limits: BudgetLimits; now?: () => Date }): Budgets {
  const { database, limits } = options;
  const now = options.now ?? (() => new Date());
  // Records of calls that end together (the answers and titles of a busy minute) go to the
  // database in one statement, those of one owner, day and model added up into one row.
  const records = new GroupCommit<DailySpendEntry>({
    keyOf: ({ ownerId, day, model }) => JSON.stringify([ownerId, day, model]),
    merge: (waiting, newer) => ({
      ...waiting,
      inputTokens: waiting.inputTokens + newer.inputTokens,
      outputTokens: waiting.outputTokens + newer.outputTokens,
      cacheReadTokens: waiting.cacheReadTokens + newer.cacheReadTokens,
      cacheWriteTokens: waiting.cacheWriteTokens + newer.cacheWriteTokens,
      cacheWrite1hTokens: (waiting.cacheWrite1hTokens ?? 0) + (newer.cacheWrite1hTokens ?? 0),
      webSearches: waiting.webSearches + newer.webSearches,
    }),
    writeBatch: async (entries) => addDailySpend(await database(), entries),
    writeOne: async (entry) => addDailySpend(await database(), [entry]),
    onError: (error) => console.error('Rill could not record what a call cost:', error instanceof Error ? error.message : error),
  });

  async function spentUsd(day: string, ownerId?: string): Promise<number> {
    const rows = await dailySpendByModel(await database(), day, ownerId);
    return rows.reduce((total, row) => total + rowCostUsd(row), 0);
  }

  async function left(ownerId: string | undefined): Promise<BudgetLeft | undefined> {
    const day = utcDay(now());
    const candidates: Array<Promise<BudgetLeft>> = [];
    const own = ownerId !== undefined && limits.ownBudgetUsd ? await limits.ownBudgetUsd(ownerId) : undefined;
    const identityLimitUsd = own ?? limits.perIdentityUsd;
    if (identityLimitUsd !== undefined) {
      const limitUsd = identityLimitUsd;
      const spent = ownerId === undefined ? Promise.resolve(0) : spentUsd(day, ownerId);
      candidates.push(spent.then((usd) => ({ scope: 'identity', limitUsd, leftUsd: Math.max(0, limitUsd - usd) })));
    }
    if (limits.totalUsd !== undefined) {
      const limitUsd = limits.totalUsd;
      candidates.push(spentUsd(day).then((usd) => ({ scope: 'total', limitUsd, leftUsd: Math.max(0, limitUsd - usd) })));
    }
    const budgets = await Promise.all(candidates);
    return budgets.reduce<BudgetLeft | undefined>((tightest, budget) => (!tightest || budget.leftUsd < tightest.leftUsd ? budget : tightest), undefined);
  }

  return {
    // With accounts, an admin may set anyone's budget at any time: then there is always one to check.
    enabled: limits.perIdentityUsd !== undefined || limits.totalUsd !== undefined || limits.ownBudgetUsd !== undefined,
    record(ownerId, model, { usage, webSearches }) {
      return records.add({ ownerId, day: utcDay(now()), model, ...usage, webSearches });
    },
    left,
    async check(ownerId) {
      const budget = await left(ownerId);
      if (!budget || budget.leftUsd > 0) return;
      const wait = msUntilReset(now());
      const resets = `It resets at 00:00 UTC, in ${describeWait(wait)}.`;
      const message =
        budget.scope === 'identity'
          ? `You have used your budget of ${formatUsd(budget.limitUsd)} for today. ${resets}`
          : `This Rill has used its budget of ${formatUsd(budget.limitUsd)} for today, for everyone. ${resets}`;
      throw new BudgetExceededError(budget, Math.ceil(wait / 1000), message);
    },
  };
}

/** What one day's usage of one model cost, in US dollars. A model without a known price counts at the highest one: an unknown model is never free. */
export function rowCostUsd(row: DailySpendRow): number {
  return costAtPrice(priceFor(row.model) ?? HIGHEST_PRICE, row) + row.webSearches * WEB_SEARCH_USD;
}
