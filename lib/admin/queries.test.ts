import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { accountDailyBudget, addDailySpend, listAccounts, setAccountDailyBudget, spendByOwnerSince } from '../db/queries';
import { users } from '../db/schema';
import { describeOnEachEngine } from '../db/test-databases';

const usage = (outputTokens: number) => ({ inputTokens: 10, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, webSearches: 0 });

describeOnEachEngine("the admin page's queries", (database) => {
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  async function newAccount(): Promise<string> {
    const id = randomUUID();
    await db.insert(users).values({ id, name: 'Someone', email: `${id}@example.test` });
    return id;
  }

  it("adds up each account's spend by model from the first of the month, leaving out other owners", async () => {
    const [alice, bob, guest] = [await newAccount(), await newAccount(), `guest-${randomUUID()}`];
    await addDailySpend(db, [{ ownerId: alice, day: '2031-04-30', model: 'claude-sonnet-5-5', ...usage(1_000) }]);
    await addDailySpend(db, [{ ownerId: alice, day: '2031-05-01', model: 'claude-sonnet-5-5', ...usage(100) }]);
    await addDailySpend(db, [{ ownerId: alice, day: '2031-05-20', model: 'claude-sonnet-5-5', ...usage(200) }]);
    await addDailySpend(db, [{ ownerId: alice, day: '2031-05-20', model: 'claude-haiku-5-5', ...usage(5) }]);
    await addDailySpend(db, [{ ownerId: guest, day: '2031-05-20', model: 'claude-haiku-5-5', ...usage(7) }]);
    const rows = await spendByOwnerSince(db, '2031-05-01', [alice, bob]);
    expect(rows.sort((a, b) => a.model.localeCompare(b.model))).toEqual([
      { ownerId: alice, model: 'claude-haiku-5-5', inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, webSearches: 0 },
      { ownerId: alice, model: 'claude-sonnet-5-5', inputTokens: 20, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, webSearches: 0 },
    ]);
    expect(await spendByOwnerSince(db, '2031-05-01', [])).toEqual([]);
  });

  it("keeps an account's own daily budget, and clears it back to the default", async () => {
    const account = await newAccount();
    expect(await accountDailyBudget(db, account)).toBeNull();
    expect(await setAccountDailyBudget(db, account, 2.5)).toBe(true);
    expect(await accountDailyBudget(db, account)).toBe(2.5);
    expect((await listAccounts(db)).find((row) => row.id === account)).toMatchObject({ dailyBudgetUsd: 2.5, banned: false, role: null });
    expect(await setAccountDailyBudget(db, account, null)).toBe(true);
    expect(await accountDailyBudget(db, account)).toBeNull();
    // A guest is no account: no budget of its own, and nothing to set.
    expect(await accountDailyBudget(db, `guest-${randomUUID()}`)).toBeNull();
    expect(await setAccountDailyBudget(db, `guest-${randomUUID()}`, 1)).toBe(false);
  });
});
