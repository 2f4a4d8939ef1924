import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { processWide } from './process-wide';

describe('processWide', () => {
  it('starts a value once, however many modules ask for it', async () => {
    const name = `rill.test.${randomUUID()}`;
    let starts = 0;
    const start = async () => ++starts;
    expect(await Promise.all([processWide(name, start), processWide(name, start)])).toEqual([1, 1]);
    expect(await processWide(name, start)).toBe(1);
  });

  it('forgets a start that failed, so the next call tries again', async () => {
    const name = `rill.test.${randomUUID()}`;
    await expect(processWide(name, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await processWide(name, async () => 'up')).toBe('up');
  });
});
