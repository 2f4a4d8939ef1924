import type { Locator } from '@playwright/test';

/**
 * How opaque an element looks, its ancestors' opacity included: 0 is out of sight, though
 * (unlike `hidden`) it keeps its place and can still take the focus.
 */
export function shownOpacity(element: Locator): Promise<number> {
  return element.evaluate((start) => {
    let opacity = 1;
    for (let node: Element | null = start; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    return opacity;
  });
}
