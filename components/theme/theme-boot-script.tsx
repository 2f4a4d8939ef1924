import { THEME_BOOT_SCRIPT } from '@/lib/theme';

/** Sets the theme class before the first paint, so the page never flashes the wrong theme. */
export function ThemeBootScript({ nonce }: { nonce: string | undefined }) {
  // The browser hides the nonce attribute once it has run the script, so React would see a mismatch.
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />;
}
