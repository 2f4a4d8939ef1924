import { describe, expect, it } from 'vitest';
import { parseThemeChoice, THEME_BOOT_SCRIPT, themeCookie } from './theme';

function runBootScript(cookie: string, systemDark: boolean): boolean {
  const classes = new Set<string>();
  const document = {
    cookie,
    documentElement: { classList: { toggle: (name: string, on: boolean) => (on ? classes.add(name) : classes.delete(name)) } },
  };
  const matchMedia = () => ({ matches: systemDark });
  new Function('document', 'matchMedia', THEME_BOOT_SCRIPT)(document, matchMedia);
  return classes.has('dark');
}

describe('theme', () => {
  it('falls back to the system theme for a missing or unknown cookie', () => {
    expect(parseThemeChoice(undefined)).toBe('system');
    expect(parseThemeChoice('purple')).toBe('system');
    expect(parseThemeChoice('dark')).toBe('dark');
  });

  it('the boot script follows an explicit choice over the system preference', () => {
    expect(runBootScript('rill-theme=light', true)).toBe(false);
    expect(runBootScript('other=1; rill-theme=dark', false)).toBe(true);
  });

  it('the boot script follows the system when the choice is "system" or unset', () => {
    expect(runBootScript('rill-theme=system', true)).toBe(true);
    expect(runBootScript('', true)).toBe(true);
    expect(runBootScript('', false)).toBe(false);
  });

  it('the cookie lasts a year and is sent site-wide', () => {
    expect(themeCookie('dark')).toBe('rill-theme=dark; Path=/; Max-Age=31536000; SameSite=Lax');
  });
});
