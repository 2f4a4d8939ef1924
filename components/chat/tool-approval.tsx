'use client';

import { useContext, useState } from 'react';
import { api } from '@/lib/api-client';
import type { ApprovalDecision } from '@/lib/mcp';
import type { RillToolPart } from '@/lib/protocol/message-metadata';
import { ToolApprovalConversation } from './tool-approval-context';
import type { ToolLabel } from './tool-label';

const CHOICES: ReadonlyArray<{ decision: ApprovalDecision; text: string; className: string }> = [
  { decision: 'allow-once', text: 'Allow once', className: 'bg-accent font-medium text-accent-fg hover:opacity-90' },
  { decision: 'allow-always', text: 'Always allow', className: 'border border-border hover:bg-surface-strong' },
  { decision: 'deny', text: 'Deny', className: 'border border-border hover:bg-surface-strong' },
];

const answerText = (allowed: boolean) => (allowed ? 'Allowed' : 'Denied');

/** The part of a tool's card that asks before it runs, and then says what the person answered. */
export function ToolApproval({ part, label }: { part: RillToolPart; label: ToolLabel }) {
  switch (part.state) {
    case 'approval-requested':
      return <ApprovalRequest approvalId={part.approval.id} reason={part.approval.requestReason} label={label} />;
    case 'approval-responded':
      return <p className="border-t border-border px-3 py-2 text-muted">{answerText(part.approval.approved)}</p>;
    case 'output-denied':
      return <p className="border-t border-border px-3 py-2 text-muted">{answerText(false)}</p>;
    default:
      return null;
  }
}

function ApprovalRequest({ approvalId, reason, label }: { approvalId: string; reason: string | undefined; label: ToolLabel }) {
  const conversationId = useContext(ToolApprovalConversation);
  const [posting, setPosting] = useState(false);
  // Shown until the answer comes back in the stream.
  const [answered, setAnswered] = useState<ApprovalDecision>();
  const [error, setError] = useState<string>();

  const answer = async (decision: ApprovalDecision) => {
    if (!conversationId) return;
    setPosting(true);
    setError(undefined);
    const result = await api.decideToolApproval(conversationId, approvalId, decision);
    setPosting(false);
    if (result.ok) setAnswered(decision);
    else setError(result.error.message);
  };

  return (
    <div role="group" aria-label={`Run ${label.tool}?`} className="space-y-2 border-t border-border px-3 py-2">
      <p>
        {label.server ?? 'Claude'} wants to run <span className="font-mono">{label.tool}</span>
      </p>
      {reason && <p className="text-danger">{reason}</p>}
      {answered ? (
        <p className="text-muted">{answerText(answered !== 'deny')}</p>
      ) : conversationId ? (
        <div className="flex flex-wrap gap-2">
          {CHOICES.map(({ decision, text, className }) => (
            <button
              key={decision}
              type="button"
              disabled={posting}
              onClick={() => void answer(decision)}
              className={`rounded-md px-3 py-1 text-sm disabled:opacity-50 ${className}`}
            >
              {text}
            </button>
          ))}
        </div>
      ) : (
        <p className="text-muted">Waiting for an answer.</p>
      )}
      {error && (
        <p role="alert" className="text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
