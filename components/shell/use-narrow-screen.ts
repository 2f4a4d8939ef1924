'use client';

import { useSyncExternalStore } from 'react';

// Tailwind's `md` breakpoint: below it the sidebar is a drawer.
const NARROW = '(max-width: 767.98px)';

function subscribe(onChange: () => void) {
  const query = matchMedia(NARROW);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => matchMedia(NARROW).matches, () => false);
}
