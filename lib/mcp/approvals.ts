/**
 * Asking before an MCP tool runs. The generation that wants to call a tool opens an approval (a
 * `tool_approvals` row) and waits; the person answers from the tool's card, through whichever
 * instance their request reaches, maybe after a reload. A waiter hears an answer given on its own
 * instance at once, and finds one given elsewhere by polling the row.
 */
import 'server-only';
import { EventEmitter } from 'node:events';
import { and, eq } from 'drizzle-orm';
import { getDatabase } from '../db/client';
import { mcpToolGrants, toolApprovals } from '../db/schema';
import { env } from '../env';
import { hasGrant } from './grants';
import type { ServerKey } from './types';

export const APPROVAL_DECISIONS = ['allow-once', 'allow-always', 'deny'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** What the waiting generation learns: `expired` when nobody answered in time or the generation stopped. */
export type ApprovalOutcome = 'allowed' | 'denied' | 'expired';

export type ApprovalGate = {
  approvalId: string;
  /** Waits for the answer. Never rejects: an approval it gives up on is set to denied, so a late click cannot run it. */
  decision(signal: AbortSignal): Promise<ApprovalOutcome>;
};

export type DecideResult = 'decided' | 'not_found' | 'already_decided';

type Answer = 'allowed' | 'denied';

/** How often a waiter looks for an answer given on another instance. */
const POLL_INTERVAL_MS = 300;

// Kept on globalThis: the chat route and the approvals route may each load their own copy of this
// module, and an answer given through one must wake a generation waiting in the other.
const NOTIFIER_KEY = Symbol.for('rill.mcp.approvals.notifier');
function notifier(): EventEmitter {
  const store = globalThis as typeof globalThis & { [NOTIFIER_KEY]?: EventEmitter };
  if (!store[NOTIFIER_KEY]) {
    const emitter = new EventEmitter();
    // One listener per waiting generation, however many wait at once.
    emitter.setMaxListeners(0);
    store[NOTIFIER_KEY] = emitter;
  }
  return store[NOTIFIER_KEY];
}

/**
 * Asks the person whether a call may run. Undefined when they always allow this tool: it runs
 * without asking. Otherwise the approval is pending until `decision` settles it.
 */
export async function openApproval(request: {
  ownerId: string;
  conversationId: string;
  toolCallId: string;
  serverKey: ServerKey;
  toolName: string;
}): Promise<ApprovalGate | undefined> {
  if (await hasGrant(request.ownerId, request.serverKey, request.toolName)) return undefined;
  const approvalId = crypto.randomUUID();
  const db = await getDatabase();
  await db.insert(toolApprovals).values({ id: approvalId, ...request });
  return { approvalId, decision: (signal) => waitForAnswer(approvalId, signal) };
}

/**
 * The person's answer to one of their pending approvals. Only a pending approval of this owner
 * and conversation changes, in one statement: of two clicks (or two tabs), one decides and the
 * other is told `already_decided`.
 */
export async function decideApproval(ownerId: string, conversationId: string, approvalId: string, decision: ApprovalDecision): Promise<DecideResult> {
  const answer: Answer = decision === 'deny' ? 'denied' : 'allowed';
  const db = await getDatabase();
  const result = await db.transaction(async (tx): Promise<DecideResult> => {
    const ofOwner = and(eq(toolApprovals.id, approvalId), eq(toolApprovals.ownerId, ownerId), eq(toolApprovals.conversationId, conversationId));
    const [decided] = await tx
      .update(toolApprovals)
      .set({ status: answer, decidedAt: new Date() })
      .where(and(ofOwner, eq(toolApprovals.status, 'pending')))
      .returning({ serverKey: toolApprovals.serverKey, toolName: toolApprovals.toolName });
    if (!decided) {
      const [existing] = await tx.select({ id: toolApprovals.id }).from(toolApprovals).where(ofOwner);
      return existing ? 'already_decided' : 'not_found';
    }
    if (decision === 'allow-always') await tx.insert(mcpToolGrants).values({ ownerId, ...decided }).onConflictDoNothing();
    return 'decided';
  });
  if (result === 'decided') notifier().emit(approvalId, answer);
  return result;
}

async function readAnswer(approvalId: string): Promise<Answer | undefined> {
  const db = await getDatabase();
  const [row] = await db.select({ status: toolApprovals.status }).from(toolApprovals).where(eq(toolApprovals.id, approvalId));
  return row && row.status !== 'pending' ? row.status : undefined;
}

/** Sets a still-pending approval to denied; the answer it had when it was answered meanwhile. */
async function giveUp(approvalId: string): Promise<Answer | undefined> {
  const db = await getDatabase();
  const [denied] = await db
    .update(toolApprovals)
    .set({ status: 'denied', decidedAt: new Date() })
    .where(and(eq(toolApprovals.id, approvalId), eq(toolApprovals.status, 'pending')))
    .returning({ id: toolApprovals.id });
  return denied ? undefined : readAnswer(approvalId);
}

async function waitForAnswer(approvalId: string, signal: AbortSignal): Promise<ApprovalOutcome> {
  const heard = await new Promise<Answer | 'timeout' | 'aborted'>((resolve) => {
    let settled = false;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    const onAnswer = (answer: Answer) => finish(answer);
    const onAbort = () => finish('aborted');
    const deadline = setTimeout(() => finish('timeout'), env.RILL_MCP_APPROVAL_TIMEOUT_S * 1000);
    function finish(value: Answer | 'timeout' | 'aborted') {
      if (settled) return;
      settled = true;
      clearTimeout(pollTimer);
      clearTimeout(deadline);
      notifier().off(approvalId, onAnswer);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    }
    const pollLater = () => {
      if (!settled) pollTimer = setTimeout(poll, POLL_INTERVAL_MS);
    };
    function poll() {
      readAnswer(approvalId).then(
        (answer) => (answer ? finish(answer) : pollLater()),
        (error: unknown) => {
          // A database that fails for a moment must not end the wait: try again at the next tick.
          console.error('[mcp] reading a tool approval failed:', error instanceof Error ? error.message : error);
          pollLater();
        },
      );
    }
    if (signal.aborted) return finish('aborted');
    notifier().on(approvalId, onAnswer);
    signal.addEventListener('abort', onAbort, { once: true });
    pollLater();
  });
  if (heard === 'allowed' || heard === 'denied') return heard;
  try {
    const answeredMeanwhile = await giveUp(approvalId);
    // A stopped generation runs nothing, whatever was clicked as it stopped.
    return heard === 'timeout' && answeredMeanwhile ? answeredMeanwhile : 'expired';
  } catch (error) {
    console.error('[mcp] closing an expired tool approval failed:', error instanceof Error ? error.message : error);
    return 'expired';
  }
}
