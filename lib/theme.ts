/** The reader's colour theme: an explicit choice, or whatever the operating system prefers. */
export const THEME_CHOICES = ['light', 'dark', 'system'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** Readable by the server (to render the right class) and by the pre-paint script. */
export const THEME_COOKIE = 'rill-theme';

const ONE_YEAR_S = 365 * 24 * 60 * 60;

export function parseThemeChoice(value: string | undefined): ThemeChoice {
  return THEME_CHOICES.find((choice) => choice === value) ?? 'system';
}

export function themeCookie(choice: ThemeChoice): string {
  return `${THEME_COOKIE}=${choice}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax`;
}

/**
 * Runs in <head> before the first paint. The server already rendered an explicit choice;
 * only "system" needs the browser, because the server cannot see the OS preference.
 */
export const THEME_BOOT_SCRIPT = `(function(){try{var m=document.cookie.match(/(?:^|; )${THEME_COOKIE}=(light|dark)/);var dark=m?m[1]==='dark':matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',dark);}catch(e){}})();`;
