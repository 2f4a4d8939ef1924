'use client';

import { useEffect, useState } from 'react';
import { parseThemeChoice, THEME_CHOICES, THEME_COOKIE, themeCookie, type ThemeChoice } from '@/lib/theme';

const LABELS: Record<ThemeChoice, string> = { light: 'Light', dark: 'Dark', system: 'System' };

function readChoice(): ThemeChoice {
  return parseThemeChoice(document.cookie.match(new RegExp(`(?:^|; )${THEME_COOKIE}=(\\w+)`))?.[1]);
}

function apply(choice: ThemeChoice) {
  const dark = choice === 'system' ? matchMedia('(prefers-color-scheme: dark)').matches : choice === 'dark';
  document.documentElement.classList.toggle('dark', dark);
}

/** Light, dark, or follow the system, remembered in a cookie; "system" follows live OS changes. */
export function ThemeSwitch() {
  const [choice, setChoice] = useState<ThemeChoice>('system');

  useEffect(() => setChoice(readChoice()), []);

  useEffect(() => {
    if (choice !== 'system') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => apply('system');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [choice]);

  const choose = (next: ThemeChoice) => {
    document.cookie = themeCookie(next);
    apply(next);
    setChoice(next);
  };

  return (
    <fieldset className="flex items-center gap-1 text-sm">
      <legend className="sr-only">Theme</legend>
      {THEME_CHOICES.map((option) => (
        <label
          key={option}
          className="relative cursor-pointer rounded-md px-2 py-1 text-muted has-checked:bg-surface-strong has-checked:text-fg has-focus-visible:outline-2 has-focus-visible:outline-accent"
        >
          <input type="radio" name="theme" value={option} checked={choice === option} onChange={() => choose(option)} className="absolute inset-0 cursor-pointer opacity-0" />
          {LABELS[option]}
        </label>
      ))}
    </fieldset>
  );
}
