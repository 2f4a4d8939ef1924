import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { describeOnEachEngine } from '../db/test-databases';
import { ZERO_USAGE } from '../usage';
import { BudgetExceededError, createBudgets, type BudgetLimits } from './budgets';

// Sonnet 5.5 costs $2 per million input tokens and $10 per million output tokens.
const SONNET = 'claude-sonnet-5-5';
const dollarsOfOutput = (usd: number) => ({ usage: { ...ZERO_USAGE, outputTokens: Math.round(usd * 100_000) }, webSearches: 0 });

describeOnEachEngine('daily budgets', (database) => {
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  /** Budgets on a clock the test moves; the total budget sees every test's spend, so it is given per test. */
  function budgetsAt(limits: BudgetLimits, iso: string) {
    const clock = { now: new Date(iso) };
    const budgets = createBudgets({ database: async () => db, limits, now: () => clock.now });
    return { budgets, clock };
  }
  const newOwner = () => `owner-${randomUUID()}`;

  it('adds up every call of the day, priced by model, tokens and web searches', async () => {
    const owner = newOwner();
    const { budgets } = budgetsAt({ perIdentityUsd: 1 }, '2031-03-04T10:00:00Z');
    await budgets.record(owner, SONNET, dollarsOfOutput(0.1));
    await budgets.record(owner, SONNET, { usage: { ...ZERO_USAGE, inputTokens: 50_000 }, webSearches: 0 });
    await budgets.record(owner, 'claude-haiku-5-5', { usage: { ...ZERO_USAGE, outputTokens: 200_000 }, webSearches: 0 });
    await budgets.record(owner, SONNET, { usage: ZERO_USAGE, webSearches: 3 });
    // $0.10 + $0.10 + $0.10 (Haiku: $0.50 per million out) + 3 searches at a cent each.
    expect((await budgets.left(owner))?.leftUsd).toBeCloseTo(1 - 0.33, 10);
    expect((await budgets.left(newOwner()))?.leftUsd).toBe(1);
  });

  it('adds up the calls that end at once, written together', async () => {
    const [alice, bob] = [newOwner(), newOwner()];
    const { budgets } = budgetsAt({ perIdentityUsd: 1 }, '2031-03-04T10:30:00Z');
    await budgets.record(alice, SONNET, dollarsOfOutput(0.05));
    await Promise.all([
      budgets.record(alice, SONNET, dollarsOfOutput(0.1)),
      budgets.record(bob, SONNET, dollarsOfOutput(0.3)),
      budgets.record(alice, SONNET, { usage: { ...ZERO_USAGE, cacheWriteTokens: 10_000, cacheWrite1hTokens: 10_000 }, webSearches: 2 }),
      budgets.record(alice, 'claude-haiku-5-5', { usage: { ...ZERO_USAGE, outputTokens: 200_000 }, webSearches: 0 }),
    ]);
    // $0.05 + $0.10 + $0.04 (10,000 1-hour cache writes at $4 per million) + 2 searches + $0.10 (Haiku).
    expect((await budgets.left(alice))?.leftUsd).toBeCloseTo(1 - 0.31, 10);
    expect((await budgets.left(bob))?.leftUsd).toBeCloseTo(1 - 0.3, 10);
  });

  it('prices writes to the 1-hour cache at twice the input price, and the 5-minute ones at 1.25 times', async () => {
    const owner = newOwner();
    const { budgets } = budgetsAt({ perIdentityUsd: 1 }, '2031-03-04T11:00:00Z');
    // 100,000 cache writes, 40,000 of them to the 1-hour cache, and 100,000 cache reads, on Sonnet ($2 in).
    await budgets.record(owner, SONNET, { usage: { ...ZERO_USAGE, cacheWriteTokens: 100_000, cacheWrite1hTokens: 40_000, cacheReadTokens: 100_000 }, webSearches: 0 });
    await budgets.record(owner, SONNET, { usage: { ...ZERO_USAGE, cacheWriteTokens: 10_000, cacheWrite1hTokens: 10_000 }, webSearches: 0 });
    // 60,000 × $2.50 + 50,000 × $4 + 100,000 × $0.20, per million: $0.15 + $0.20 + $0.02.
    expect((await budgets.left(owner))?.leftUsd).toBeCloseTo(1 - 0.37, 10);
  });

  it('counts a model without a known price at the highest price, never as free', async () => {
    const owner = newOwner();
    const { budgets } = budgetsAt({ perIdentityUsd: 10 }, '2031-03-05T10:00:00Z');
    await budgets.record(owner, 'some-future-model', { usage: { ...ZERO_USAGE, outputTokens: 100_000 }, webSearches: 0 });
    // The dearest output price in the table is Fable's $50 per million.
    expect((await budgets.left(owner))?.leftUsd).toBeCloseTo(10 - 5, 10);
  });

  it('refuses once a budget is used up, saying which one and when it resets', async () => {
    const owner = newOwner();
    const { budgets } = budgetsAt({ perIdentityUsd: 0.5 }, '2031-03-06T22:30:00Z');
    await budgets.check(owner);
    await budgets.record(owner, SONNET, dollarsOfOutput(0.5));
    const refusal = await budgets.check(owner).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BudgetExceededError);
    const { message, retryAfterSeconds, budget } = refusal as BudgetExceededError;
    expect(message).toBe('You have used your budget of $0.50 for today. It resets at 00:00 UTC, in 1 h 30 min.');
    expect(retryAfterSeconds).toBe(90 * 60);
    expect(budget).toEqual({ scope: 'identity', limitUsd: 0.5, leftUsd: 0 });
    // Someone else still has theirs.
    await budgets.check(newOwner());
  });

  it("counts everyone's spend against the deployment's budget, and reports the tighter budget", async () => {
    const [alice, bob] = [newOwner(), newOwner()];
    const { budgets } = budgetsAt({ perIdentityUsd: 1, totalUsd: 1.5 }, '2031-03-07T12:00:00Z');
    await budgets.record(alice, SONNET, dollarsOfOutput(0.4));
    expect(await budgets.left(bob)).toEqual({ scope: 'identity', limitUsd: 1, leftUsd: 1 });
    await budgets.record(alice, SONNET, dollarsOfOutput(0.8));
    // Bob has spent nothing, but only $0.30 is left for everyone.
    expect(await budgets.left(bob)).toMatchObject({ scope: 'total', limitUsd: 1.5, leftUsd: expect.closeTo(0.3, 10) });
    await budgets.record(bob, SONNET, dollarsOfOutput(0.3));
    await expect(budgets.check(bob)).rejects.toThrow('This Rill has used its budget of $1.50 for today, for everyone. It resets at 00:00 UTC, in 12 h.');
  });

  it('starts again at 00:00 UTC: spend of the previous day does not count', async () => {
    const owner = newOwner();
    const { budgets, clock } = budgetsAt({ perIdentityUsd: 1 }, '2031-03-08T23:59:30Z');
    await budgets.record(owner, SONNET, dollarsOfOutput(1));
    await expect(budgets.check(owner)).rejects.toThrow(/in 1 min\./);

    clock.now = new Date('2031-03-09T00:00:10Z');
    await budgets.check(owner);
    expect((await budgets.left(owner))?.leftUsd).toBe(1);
    await budgets.record(owner, SONNET, dollarsOfOutput(0.25));
    expect((await budgets.left(owner))?.leftUsd).toBeCloseTo(0.75, 10);
  });

  it('checks nothing and reports nothing when no budget is set', async () => {
    const owner = newOwner();
    const { budgets } = budgetsAt({}, '2031-03-10T12:00:00Z');
    expect(budgets.enabled).toBe(false);
    await budgets.record(owner, SONNET, dollarsOfOutput(1_000));
    await budgets.check(owner);
    expect(await budgets.left(owner)).toBeUndefined();
  });

  it("uses an account's own budget instead of the per-identity one, and the default for everyone else", async () => {
    const [generous, strict, guest] = [newOwner(), newOwner(), newOwner()];
    const own = new Map([
      [generous, 5],
      [strict, 0.2],
    ]);
    const { budgets } = budgetsAt({ perIdentityUsd: 1, ownBudgetUsd: async (ownerId) => own.get(ownerId) }, '2031-03-11T12:00:00Z');
    for (const owner of [generous, strict, guest]) await budgets.record(owner, SONNET, dollarsOfOutput(0.5));
    expect(await budgets.left(generous)).toEqual({ scope: 'identity', limitUsd: 5, leftUsd: expect.closeTo(4.5, 10) });
    expect(await budgets.left(guest)).toEqual({ scope: 'identity', limitUsd: 1, leftUsd: expect.closeTo(0.5, 10) });
    await budgets.check(generous);
    await expect(budgets.check(strict)).rejects.toThrow('You have used your budget of $0.20 for today.');
  });

  it('checks an account with its own budget even when the deployment sets no budget', async () => {
    const [capped, free] = [newOwner(), newOwner()];
    const { budgets } = budgetsAt({ ownBudgetUsd: async (ownerId) => (ownerId === capped ? 0.1 : undefined) }, '2031-03-12T12:00:00Z');
    expect(budgets.enabled).toBe(true);
    await budgets.record(capped, SONNET, dollarsOfOutput(0.15));
    await budgets.record(free, SONNET, dollarsOfOutput(100));
    await expect(budgets.check(capped)).rejects.toBeInstanceOf(BudgetExceededError);
    await budgets.check(free);
    expect(await budgets.left(free)).toBeUndefined();
  });
});
