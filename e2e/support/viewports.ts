import type { ViewportSize } from '@playwright/test';

/** The widths Rill is designed for: a laptop, and the narrowest phone it supports. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 360, height: 740 },
} as const satisfies Record<string, ViewportSize>;

export type ViewportName = keyof typeof VIEWPORTS;
