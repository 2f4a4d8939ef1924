/** The Fork and Share buttons' icons, in the line style of components/shell/icons (decorative: the buttons carry the names). */
const frame = {
  'aria-hidden': true,
  viewBox: '0 0 20 20',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.6,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  className: 'size-4 shrink-0',
} as const;

export function ForkIcon() {
  return (
    <svg {...frame}>
      <circle cx="6" cy="4.5" r="1.8" />
      <circle cx="14" cy="4.5" r="1.8" />
      <circle cx="10" cy="15.5" r="1.8" />
      <path d="M6 6.3v1.2a2.5 2.5 0 0 0 2.5 2.5h3a2.5 2.5 0 0 0 2.5-2.5V6.3M10 10v3.7" />
    </svg>
  );
}

export function ShareIcon() {
  return (
    <svg {...frame}>
      <path d="M10 12.5V3M6.5 6.5L10 3l3.5 3.5M5 10H4v6.5h12V10h-1" />
    </svg>
  );
}
