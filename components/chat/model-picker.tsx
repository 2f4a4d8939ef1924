import { memo, useId } from 'react';
import { ChevronDownIcon } from '@/components/shell/icons';
import { DEMO_MODEL_ID, type ModelOption } from '@/lib/models';

/** What the picker shows on a phone, where "Claude Sonnet 5.5" or the demo model's label would be cut off. */
function shortLabel(model: ModelOption): string {
  return model.id === DEMO_MODEL_ID ? 'Demo model' : model.label.replace(/^Claude\s+/, '');
}

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
  const id = useId();
  const selected = models.find((model) => model.id === value) ?? { id: value, label: value };
  return (
    <div className="flex min-w-0 items-center gap-2 text-sm text-muted">
      <label htmlFor={id} className="sr-only sm:not-sr-only">
        Model
      </label>
      {/* The select is transparent over its own face, which shows the short name on phones and
          the full one elsewhere; its list of options always has the full names. */}
      <div className="relative flex min-w-0 items-center gap-1 rounded-md border border-border bg-surface px-2 py-1 text-fg has-disabled:opacity-60 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-accent">
        <span aria-hidden="true" className="truncate sm:hidden">
          {shortLabel(selected)}
        </span>
        <span aria-hidden="true" className="hidden truncate sm:inline">
          {selected.label}
        </span>
        <ChevronDownIcon />
        <select
          id={id}
          className="absolute inset-0 w-full cursor-pointer opacity-0 disabled:cursor-default"
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
      </div>
    </div>
  );
}

/** Memoised: its props do not change while an answer streams, so chunks do not re-render it. */
export const ModelPicker = memo(ModelPickerImpl);
