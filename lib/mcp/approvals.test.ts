import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it, vi } from 'vitest';
import type { Database } from '../db/client';

// lib/mcp/approvals reaches the database through getDatabase: each engine's suite puts its own there.
const current = vi.hoisted(() => ({ db: undefined as Database | undefined }));
vi.mock('../db/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../db/client')>()),
  getDatabase: async () => {
    if (!current.db) throw new Error('The test database is not open.');
    return current.db;
  },
}));
// The wait's timeout is read as each wait starts: a test shortens it for itself.
const timeout = vi.hoisted(() => ({ seconds: 60 }));
vi.mock('../env', async (importOriginal) => {
  const original = await importOriginal<typeof import('../env')>();
  return {
    ...original,
    env: new Proxy(original.env, { get: (target, key) => (key === 'RILL_MCP_APPROVAL_TIMEOUT_S' ? timeout.seconds : target[key as keyof typeof target]) }),
  };
});

const { getDatabase } = await import('../db/client');
const { createConversation } = await import('../db/queries');
const { toolApprovals } = await import('../db/schema');
const { describeOnEachEngine } = await import('../db/test-databases');
const { decideApproval, openApproval } = await import('./approvals');
const { hasGrant, listGrants, moveGrants, revokeGrant } = await import('./grants');

async function pendingApproval(toolName = 'add_note') {
  const ownerId = `owner-${randomUUID()}`;
  const conversationId = randomUUID();
  await createConversation(await getDatabase(), { id: conversationId, ownerId });
  const gate = await openApproval({ ownerId, conversationId, toolCallId: `toolu_${randomUUID()}`, serverKey: 'op:notes', toolName });
  if (!gate) throw new Error('expected the call to ask first');
  return { ownerId, conversationId, gate };
}

async function statusOf(approvalId: string) {
  const [row] = await (await getDatabase()).select({ status: toolApprovals.status }).from(toolApprovals).where(eq(toolApprovals.id, approvalId));
  return row?.status;
}

const never = () => new AbortController().signal;

/** Waiters still listening for an approval's answer on this instance: none once a wait has ended. */
const listeners = (approvalId: string) => (globalThis as Record<symbol, EventEmitter | undefined>)[Symbol.for('rill.mcp.approvals.notifier')]?.listenerCount(approvalId) ?? 0;

describeOnEachEngine('tool approvals', (database) => {
  beforeAll(() => {
    current.db = database();
  });

  it('wakes the waiting generation at once with the answer given on this instance', async () => {
    const { ownerId, conversationId, gate } = await pendingApproval();
    // Frozen clocks: no poll can run, so only the in-process notice can wake the waiter.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const waiting = gate.decision(never());
      expect(await decideApproval(ownerId, conversationId, gate.approvalId, 'allow-once')).toBe('decided');
      expect(await waiting).toBe('allowed');
    } finally {
      vi.useRealTimers();
    }
    expect(await statusOf(gate.approvalId)).toBe('allowed');
  });

  it('answers a deny as denied', async () => {
    const { ownerId, conversationId, gate } = await pendingApproval();
    const waiting = gate.decision(never());
    expect(await decideApproval(ownerId, conversationId, gate.approvalId, 'deny')).toBe('decided');
    expect(await waiting).toBe('denied');
  });

  it('lets only the first of two answers count', async () => {
    const { ownerId, conversationId, gate } = await pendingApproval();
    const waiting = gate.decision(never());
    const answers = await Promise.all([
      decideApproval(ownerId, conversationId, gate.approvalId, 'deny'),
      decideApproval(ownerId, conversationId, gate.approvalId, 'allow-once'),
    ]);
    expect([...answers].sort()).toEqual(['already_decided', 'decided']);
    expect(await waiting).toBe(answers[0] === 'decided' ? 'denied' : 'allowed');
    expect(await decideApproval(ownerId, conversationId, gate.approvalId, 'allow-once')).toBe('already_decided');
  });

  it("refuses someone else's approval, or one named under another conversation, as not found", async () => {
    const { ownerId, conversationId, gate } = await pendingApproval();
    expect(await decideApproval(`owner-${randomUUID()}`, conversationId, gate.approvalId, 'allow-once')).toBe('not_found');
    expect(await decideApproval(ownerId, randomUUID(), gate.approvalId, 'allow-once')).toBe('not_found');
    expect(await decideApproval(ownerId, conversationId, randomUUID(), 'allow-once')).toBe('not_found');
    expect(await statusOf(gate.approvalId)).toBe('pending');
  });

  it('remembers "Always allow": the tool runs without asking from then on, for that person only', async () => {
    const { ownerId, conversationId, gate } = await pendingApproval('delete_note');
    const waiting = gate.decision(never());
    expect(await decideApproval(ownerId, conversationId, gate.approvalId, 'allow-always')).toBe('decided');
    expect(await waiting).toBe('allowed');
    expect(await hasGrant(ownerId, 'op:notes', 'delete_note')).toBe(true);
    expect(await openApproval({ ownerId, conversationId, toolCallId: 'toolu_again', serverKey: 'op:notes', toolName: 'delete_note' })).toBeUndefined();
    // Another tool of the server, or the same tool for someone else, still asks.
    expect(await openApproval({ ownerId, conversationId, toolCallId: 'toolu_other', serverKey: 'op:notes', toolName: 'add_note' })).toBeDefined();
    expect(await hasGrant(`owner-${randomUUID()}`, 'op:notes', 'delete_note')).toBe(false);
  });

  it('lists, takes back and moves "Always allow": a revoked tool asks again, and a guest\'s grants follow them to their account', async () => {
    const { ownerId, conversationId, gate } = await pendingApproval('delete_note');
    await decideApproval(ownerId, conversationId, gate.approvalId, 'allow-always');
    expect(await listGrants(ownerId)).toEqual([{ serverKey: 'op:notes', toolName: 'delete_note' }]);

    const account = `account-${randomUUID()}`;
    await moveGrants(ownerId, account);
    expect(await listGrants(ownerId)).toEqual([]);
    expect(await listGrants(account)).toEqual([{ serverKey: 'op:notes', toolName: 'delete_note' }]);

    expect(await revokeGrant(account, 'op:notes', 'delete_note')).toBe(true);
    expect(await revokeGrant(account, 'op:notes', 'delete_note')).toBe(false);
    expect(await hasGrant(account, 'op:notes', 'delete_note')).toBe(false);
  });

  it('hears an answer another instance wrote to the database', async () => {
    const { gate } = await pendingApproval();
    const waiting = gate.decision(never());
    // Another instance's decideApproval: the row changes, and nothing is emitted here.
    await (await getDatabase()).update(toolApprovals).set({ status: 'denied', decidedAt: new Date() }).where(eq(toolApprovals.id, gate.approvalId));
    expect(await waiting).toBe('denied');
  });

  it('gives up when nobody answers in time, and a late answer is refused', async () => {
    const { ownerId, conversationId, gate } = await pendingApproval();
    timeout.seconds = 1;
    try {
      expect(await gate.decision(never())).toBe('expired');
      expect(listeners(gate.approvalId)).toBe(0);
    } finally {
      timeout.seconds = 60;
    }
    expect(await statusOf(gate.approvalId)).toBe('denied');
    expect(await decideApproval(ownerId, conversationId, gate.approvalId, 'allow-once')).toBe('already_decided');
  });

  it('gives up when the generation stops, before or while it waits', async () => {
    const { gate } = await pendingApproval();
    const stop = new AbortController();
    const waiting = gate.decision(stop.signal);
    expect(listeners(gate.approvalId)).toBe(1);
    stop.abort();
    expect(await waiting).toBe('expired');
    expect(listeners(gate.approvalId)).toBe(0);
    expect(await statusOf(gate.approvalId)).toBe('denied');

    const { gate: later } = await pendingApproval();
    expect(await later.decision(AbortSignal.abort())).toBe('expired');
    expect(await statusOf(later.approvalId)).toBe('denied');
  });
});
