import { memo } from 'react';
import type { ModelOption } from '@/lib/models';

function ModelPickerImpl({
  models,
  value,
  onChange,
  disabled,
}: {
  models: ModelOption[];
  value: string;
  onChange: (model: string) => void;
  disabled?: boolean;
}) {
  return (
    <label className="flex items-center gap-2 text-sm text-muted">
      <span className="sr-only sm:not-sr-only">Model</span>
      <select
        className="max-w-36 rounded-md border border-border bg-surface px-2 py-1 text-fg disabled:opacity-60 sm:max-w-none"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
      >
        {models.map((model) => (
          <option key={model.id} value={model.id}>
            {model.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Memoised: its props do not change while an answer streams, so chunks do not re-render it. */
export const ModelPicker = memo(ModelPickerImpl);
