/** The composer's text box, which keyboard shortcuts and example prompts hand the focus back to. */
const MESSAGE_BOX = 'textarea[aria-label="Message"]';

export function focusMessageBox(): void {
  document.querySelector<HTMLElement>(MESSAGE_BOX)?.focus();
}
