import { describe, expect, it } from 'vitest';
import { PROMPT_ALIASES } from './prompt-aliases.ts';
import { parseDirectives } from './scenarios.ts';

describe('prompt aliases', () => {
  it('a plain prompt stands for its directives', () => {
    expect(parseDirectives('  What is the weather in Paris?\n')).toEqual({ directives: { scenario: 'weather' } });
  });

  it('every alias names a scenario', () => {
    for (const [prompt, directives] of Object.entries(PROMPT_ALIASES)) {
      expect(parseDirectives(prompt), prompt).toEqual(parseDirectives(directives));
      expect(directives).toMatch(/\[\[scenario:[a-z-]+\]\]/);
    }
  });

  it('a prompt that only contains an alias is not an alias', () => {
    expect(parseDirectives('Tell me: What is the weather in Paris?')).toEqual({ directives: {} });
  });
});
