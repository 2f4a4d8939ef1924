import 'server-only';
import { z } from 'zod';
import { getAuth } from '../auth';
import { rowCostUsd } from '../budget/budgets';
import { utcDay } from '../budget/day';
import { getDatabase } from '../db/client';
import { conversationsWithStreamingAnswers, listAccounts, setAccountDailyBudget, spendByOwnerSince } from '../db/queries';
import type { RillError } from '../errors';
import { stopLiveAnswer } from '../live-answers';

// The admin page's questions and actions: who has an account, what each spent this month, and
// disabling an account or setting its daily budget.

/** One account as the admin page lists it. Dates are ISO 8601. */
export type AdminUser = {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'user';
  createdAt: string;
  disabled: boolean;
  /** Unset: the deployment's per-identity budget applies (RILL_BUDGET_PER_IDENTITY_USD), if any. */
  dailyBudgetUsd: number | null;
  /** This calendar month (UTC), priced as budgets are (lib/models). */
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
};

/** The first day of the month of `now` (UTC), as daily spend is keyed. */
export function monthStart(now: Date): string {
  return `${utcDay(now).slice(0, 7)}-01`;
}

export async function listUsersWithUsage(now: Date = new Date()): Promise<AdminUser[]> {
  const db = await getDatabase();
  const accounts = await listAccounts(db);
  const spend = await spendByOwnerSince(
    db,
    monthStart(now),
    accounts.map((account) => account.id),
  );
  const usage = new Map<string, AdminUser['usage']>();
  for (const row of spend) {
    const total = usage.get(row.ownerId) ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    total.inputTokens += row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens;
    total.outputTokens += row.outputTokens;
    total.costUsd += rowCostUsd(row);
    usage.set(row.ownerId, total);
  }
  return accounts.map((account) => ({
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role === 'admin' ? 'admin' : 'user',
    createdAt: account.createdAt.toISOString(),
    disabled: account.banned,
    dailyBudgetUsd: account.dailyBudgetUsd,
    usage: usage.get(account.id) ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  }));
}

/** What an admin may change about an account: at least one of the two. */
export const userChangeSchema = z
  .object({
    disabled: z.boolean().optional(),
    /** A daily budget in US dollars; null goes back to the deployment's. */
    dailyBudgetUsd: z.number().finite().min(0).max(1_000_000).nullable().optional(),
  })
  .strict()
  .refine((change) => change.disabled !== undefined || change.dailyBudgetUsd !== undefined, { message: 'Say what to change: disabled or dailyBudgetUsd.' });

export type UserChange = z.infer<typeof userChangeSchema>;

/**
 * Applies an admin's change to an account. Disabling is better-auth's ban, which also deletes
 * every session of the account, so its next request is refused; its answers still being
 * written are stopped too, since they are spending on the account's behalf.
 */
export async function changeUser(admin: { id: string; headers: Headers }, userId: string, change: UserChange): Promise<{ ok: true; user: AdminUser } | { ok: false; error: RillError }> {
  const db = await getDatabase();
  const before = (await listAccounts(db)).find((account) => account.id === userId);
  if (!before) return { ok: false, error: { type: 'not_found', message: 'No such user.' } };
  if (change.disabled === true && userId === admin.id) {
    return { ok: false, error: { type: 'invalid_request', message: 'You cannot disable your own account: ask another admin.' } };
  }
  if (change.dailyBudgetUsd !== undefined) await setAccountDailyBudget(db, userId, change.dailyBudgetUsd);
  if (change.disabled !== undefined && change.disabled !== before.banned) {
    const auth = await getAuth();
    if (change.disabled) {
      await auth.api.banUser({ headers: admin.headers, body: { userId, banReason: 'Disabled by an admin' } });
      await stopAnswersOf(userId);
    } else {
      await auth.api.unbanUser({ headers: admin.headers, body: { userId } });
    }
  }
  const user = (await listUsersWithUsage()).find((candidate) => candidate.id === userId);
  return user ? { ok: true, user } : { ok: false, error: { type: 'not_found', message: 'No such user.' } };
}

/** Stops every answer of the owner still being written, wherever it runs. */
async function stopAnswersOf(ownerId: string): Promise<void> {
  const ids = await conversationsWithStreamingAnswers(await getDatabase(), ownerId);
  await Promise.all(
    ids.map((id) =>
      stopLiveAnswer(ownerId, id).catch((error: unknown) => {
        console.error('Rill could not stop an answer of a disabled account:', error instanceof Error ? error.message : error);
      }),
    ),
  );
}
