import { describe, expect, it } from 'vitest';
import { dateGroup, groupByDate } from './groups';

const now = new Date(2026, 10, 25, 9, 30);

describe('sidebar date groups', () => {
  it.each([
    [new Date(2026, 10, 25, 0, 5), 'Today'],
    [new Date(2026, 10, 24, 23, 59), 'Yesterday'],
    [new Date(2026, 10, 24, 0, 0), 'Yesterday'],
    [new Date(2026, 10, 23, 22, 0), 'Previous 7 days'],
    [new Date(2026, 10, 18, 0, 0), 'Previous 7 days'],
    [new Date(2026, 10, 17, 23, 0), 'Older'],
  ])('puts %s under %s', (date, group) => {
    expect(dateGroup(date, now)).toBe(group);
  });

  it('keeps newest-first order within and across groups', () => {
    const items = [
      { id: 'a', updatedAt: new Date(2026, 10, 25, 9).toISOString() },
      { id: 'b', updatedAt: new Date(2026, 10, 25, 8).toISOString() },
      { id: 'c', updatedAt: new Date(2026, 10, 20).toISOString() },
    ];
    expect(groupByDate(items, now)).toEqual([
      { group: 'Today', items: [items[0], items[1]] },
      { group: 'Previous 7 days', items: [items[2]] },
    ]);
  });
});
