/** Small line icons (decorative: the control beside or around each one carries the name). */
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

export function MoreIcon() {
  return (
    <svg {...frame}>
      <circle cx="4.5" cy="10" r="0.9" fill="currentColor" />
      <circle cx="10" cy="10" r="0.9" fill="currentColor" />
      <circle cx="15.5" cy="10" r="0.9" fill="currentColor" />
    </svg>
  );
}

export function PencilIcon() {
  return (
    <svg {...frame}>
      <path d="M13.5 3.5l3 3L7 16H4v-3z" />
      <path d="M11.5 5.5l3 3" />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg {...frame}>
      <path d="M3.5 5.5h13M8 5.5V3.5h4v2M5.5 5.5l.8 11h7.4l.8-11M8.5 8.5v5M11.5 8.5v5" />
    </svg>
  );
}

export function DownloadIcon() {
  return (
    <svg {...frame}>
      <path d="M10 3v9.5M6 8.5l4 4 4-4M4 16.5h12" />
    </svg>
  );
}

export function ChevronDownIcon() {
  return (
    <svg {...frame}>
      <path d="M6 8l4 4 4-4" />
    </svg>
  );
}

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
