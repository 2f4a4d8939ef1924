// get_current_time: the current date and time in an IANA time zone.

import { z } from 'zod';
import { defineTool } from './types';

const EXAMPLE_ZONES = 'Europe/Paris, America/New_York, Asia/Tokyo or UTC';

let canonicalZones: Map<string, string> | undefined;

/** Lowercased name → spelling, for the zones this runtime lists (plus UTC). */
function knownZones(): Map<string, string> {
  if (!canonicalZones) {
    canonicalZones = new Map();
    for (const zone of [...Intl.supportedValuesOf('timeZone'), 'UTC']) canonicalZones.set(zone.toLowerCase(), zone);
  }
  return canonicalZones;
}

/**
 * The zone's name if `name` is a real IANA time zone, else undefined. Accepts the names
 * `Intl.supportedValuesOf('timeZone')` lists (any case) and UTC, plus IANA links such as
 * Asia/Kolkata or US/Eastern that the runtime knows under another name. Raw offsets like
 * "+05:30" are not zones.
 */
export function resolveTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  const known = knownZones().get(trimmed.toLowerCase());
  if (known) return known;
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+$/.test(trimmed)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const currentTimeInput = z.strictObject({
  timezone: z
    .string()
    .min(1)
    .max(100)
    .refine((name) => resolveTimeZone(name) !== undefined, {
      error: (issue) =>
        `Unknown time zone ${JSON.stringify(issue.input)}. Use an IANA time zone name such as ${EXAMPLE_ZONES}.`,
    })
    .describe(`IANA time zone name, for example ${EXAMPLE_ZONES}.`),
});

export type CurrentTime = {
  timezone: string;
  /** ISO 8601 with the zone's offset, e.g. 2026-11-25T15:04:05+09:00. */
  iso: string;
  /** e.g. "Wednesday, 25 November 2026, 15:04:05". */
  local: string;
  /** e.g. "+09:00". */
  utcOffset: string;
};

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

function partsOf(date: Date, locale: string, options: Intl.DateTimeFormatOptions): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const parts = new Intl.DateTimeFormat(locale, options).formatToParts(date).filter((part) => part.type !== 'literal');
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

/** The wall-clock time at `date` in `timeZone`, and that zone's UTC offset then. */
export function describeTime(date: Date, timeZone: string): CurrentTime {
  const clock = { timeZone, year: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;
  const parts = partsOf(date, 'en-GB', { ...clock, weekday: 'long', month: 'long' });
  const numeric = Object.fromEntries(Object.entries(partsOf(date, 'en-US', { ...clock, month: 'numeric' })).map(([type, value]) => [type, Number(value)])) as Partial<
    Record<Intl.DateTimeFormatPartTypes, number>
  >;

  const year = numeric.year ?? 0;
  const month = numeric.month ?? 1;
  const day = numeric.day ?? 1;
  const hour = numeric.hour ?? 0;
  const minute = numeric.minute ?? 0;
  const second = numeric.second ?? 0;
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((wallClockAsUtc - wholeSeconds) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const utcOffset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;

  return {
    timezone: timeZone,
    iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${utcOffset}`,
    local: `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year}, ${pad(hour)}:${pad(minute)}:${pad(second)}`,
    utcOffset,
  };
}

/** `now` is injectable so tests can fix the clock. */
export function createCurrentTimeTool(now: () => Date = () => new Date()) {
  return defineTool({
    name: 'get_current_time',
    description:
      'Get the current date and time in a time zone. Use it whenever the answer depends on today\'s date or the time somewhere; do not guess the date. Returns the ISO 8601 timestamp with offset, a readable local date and time, and the UTC offset.',
    inputSchema: currentTimeInput,
    timeoutMs: 1_000,
    async execute({ timezone }): Promise<CurrentTime> {
      const zone = resolveTimeZone(timezone);
      if (!zone) throw new Error(`Unknown time zone "${timezone}". Use an IANA time zone name such as ${EXAMPLE_ZONES}.`);
      return describeTime(now(), zone);
    },
  });
}
