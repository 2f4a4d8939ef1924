'use client';

import { useState } from 'react';
import { api } from '@/lib/api-client';
import { MAX_INSTRUCTIONS_CHARS } from '@/lib/limits';
import { PromptField } from './prompt-field';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

/** The person's custom instructions, which Claude reads at the start of every chat of theirs. */
export function InstructionsForm({ initialInstructions }: { initialInstructions: string }) {
  const [instructions, setInstructions] = useState(initialInstructions);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const save = async () => {
    setState({ kind: 'saving' });
    const result = await api.saveInstructions(instructions);
    setState(result.ok ? { kind: 'saved' } : { kind: 'failed', message: result.error.message });
  };
  return (
    <section aria-labelledby="instructions-heading" className="space-y-3">
      <h2 id="instructions-heading" className="text-lg font-semibold">
        Instructions
      </h2>
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <PromptField
          label="Custom instructions"
          description="Claude reads these at the start of every chat: who you are, what you work on, how you like answers. A chat's own instructions come after them."
          value={instructions}
          onChange={(value) => {
            setInstructions(value);
            // A saved state no longer describes what is in the field.
            if (state.kind !== 'saving') setState({ kind: 'idle' });
          }}
          maxChars={MAX_INSTRUCTIONS_CHARS}
        />
        <div className="flex items-center gap-3">
          <button type="submit" disabled={state.kind === 'saving'} className="rounded-lg bg-accent px-4 py-2 font-medium text-accent-fg disabled:opacity-50">
            Save
          </button>
          <p role="status" className="text-sm text-muted">
            {state.kind === 'saved' ? 'Saved' : ''}
          </p>
        </div>
        {state.kind === 'failed' && (
          <p role="alert" className="text-sm text-danger">
            {state.message}
          </p>
        )}
      </form>
    </section>
  );
}
