import type { MetadataRoute } from 'next';

/** Served as /manifest.webmanifest, so that Rill can be installed to a phone's home screen. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Rill',
    short_name: 'Rill',
    description: 'Streaming chat for Claude',
    start_url: '/',
    display: 'standalone',
    // The light theme's colours; the page's theme-color meta tags follow the dark theme too.
    background_color: '#fbfaf7',
    theme_color: '#fbfaf7',
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
