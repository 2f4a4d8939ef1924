import { describe, expect, it } from 'vitest';
import { BUILT_IN_MODELS, takesPrefill } from './models';

describe('takesPrefill', () => {
  it('is false for Claude 4.6 and later, which refuse a prefill, and for models it does not know', () => {
    for (const model of BUILT_IN_MODELS) expect(takesPrefill(model.id), model.id).toBe(false);
    expect(takesPrefill('claude-sonnet-4-6')).toBe(false);
    expect(takesPrefill('claude-someday-9')).toBe(false);
  });

  it('is true for the earlier models, dated ids included', () => {
    expect(takesPrefill('claude-sonnet-4-5')).toBe(true);
    expect(takesPrefill('claude-sonnet-4-5-20250929')).toBe(true);
    expect(takesPrefill('claude-3-haiku')).toBe(true);
  });
});
