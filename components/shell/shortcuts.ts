/** Every keyboard shortcut, as the "?" dialog lists them: one list, so the two never disagree. */
export const SHORTCUTS = [
  { keys: ['Enter'], action: 'Send the message' },
  { keys: ['Shift', 'Enter'], action: 'New line in the message' },
  { keys: ['Esc'], action: 'Stop the answer (or close a dialog)' },
  { keys: ['/'], action: 'Focus the message box' },
  { keys: ['Alt', '↑'], action: 'Previous message' },
  { keys: ['Alt', '↓'], action: 'Next message' },
  { keys: ['Ctrl', 'Shift', 'S'], action: 'Go to the conversation list' },
  { keys: ['?'], action: 'Show these shortcuts' },
] as const;

/** Typing in a field must never trigger a single-key shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
