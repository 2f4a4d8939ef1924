/**
 * Plain prompts that stand for directives, so a screenshot shows what a person would type
 * instead of `[[scenario:…]]`. Each answer is about what its prompt asks.
 */
export const PROMPT_ALIASES: Readonly<Record<string, string>> = {
  'How does Rill render Markdown while it streams?': '[[scenario:markdown]]',
  'What is the weather in Paris?': '[[scenario:weather]]',
};
