import type { Metadata, Viewport } from 'next';
import { cookies, headers } from 'next/headers';
import { ThemeBootScript } from '@/components/theme/theme-boot-script';
import { parseThemeChoice, THEME_COOKIE } from '@/lib/theme';
import './globals.css';

export const metadata: Metadata = {
  title: 'Rill',
  description: 'Streaming chat for Claude',
  // The manifest is linked by app/manifest.ts; the files are in public/ (scripts/icons/render.ts).
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '32x32' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: '/apple-touch-icon.png',
  },
  appleWebApp: { title: 'Rill' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  // The on-screen keyboard shrinks the layout instead of covering the composer.
  interactiveWidget: 'resizes-content',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fbfaf7' },
    { media: '(prefers-color-scheme: dark)', color: '#1b1a18' },
  ],
};

/** The per-page nonce proxy.ts put in the request's Content-Security-Policy. */
function nonceOf(csp: string | null): string | undefined {
  return csp?.match(/'nonce-([^']+)'/)?.[1];
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const theme = parseThemeChoice(cookieStore.get(THEME_COOKIE)?.value);
  return (
    // The boot script may add the dark class before React hydrates.
    <html lang="en" className={theme === 'dark' ? 'dark' : undefined} suppressHydrationWarning>
      <head>
        <ThemeBootScript nonce={nonceOf(headerList.get('content-security-policy'))} />
      </head>
      <body className="font-sans antialiased">{children}</body>
    </html>
  );
}
