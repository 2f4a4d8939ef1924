export type DateGroup = 'Today' | 'Yesterday' | 'Previous 7 days' | 'Older';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Which sidebar group a conversation last updated at `updatedAt` falls in, by the reader's calendar. */
export function dateGroup(updatedAt: Date, now: Date): DateGroup {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const time = updatedAt.getTime();
  if (time >= startOfToday) return 'Today';
  if (time >= startOfToday - DAY_MS) return 'Yesterday';
  if (time >= startOfToday - 7 * DAY_MS) return 'Previous 7 days';
  return 'Older';
}

/** Groups items (already newest first) under their date headings, keeping the order. */
export function groupByDate<T extends { updatedAt: string }>(items: readonly T[], now: Date): Array<{ group: DateGroup; items: T[] }> {
  const groups: Array<{ group: DateGroup; items: T[] }> = [];
  for (const item of items) {
    const group = dateGroup(new Date(item.updatedAt), now);
    const last = groups.at(-1);
    if (last?.group === group) last.items.push(item);
    else groups.push({ group, items: [item] });
  }
  return groups;
}
