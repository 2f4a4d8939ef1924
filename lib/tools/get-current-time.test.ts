import { describe, expect, it } from 'vitest';
import { createCurrentTimeTool, describeTime, resolveTimeZone } from './get-current-time';
import { buildToolRegistry } from './runner';

const FIXED = new Date('2026-11-25T06:04:05.678Z');
const signal = new AbortController().signal;

describe('get_current_time', () => {
  const tool = createCurrentTimeTool(() => FIXED);
  const registry = buildToolRegistry([tool]);

  it('gives the time in the zone, with its offset', async () => {
    expect(await registry.run('get_current_time', { timezone: 'Asia/Tokyo' }, signal)).toMatchObject({
      ok: true,
      output: {
        timezone: 'Asia/Tokyo',
        iso: '2026-11-25T15:04:05+09:00',
        local: 'Wednesday, 25 November 2026, 15:04:05',
        utcOffset: '+09:00',
      },
    });
  });

  it.each([
    ['UTC', '2026-11-25T06:04:05+00:00', 'Wednesday, 25 November 2026, 06:04:05', '+00:00'],
    ['Europe/Paris', '2026-11-25T07:04:05+01:00', 'Wednesday, 25 November 2026, 07:04:05', '+01:00'],
    ['America/New_York', '2026-11-25T01:04:05-05:00', 'Wednesday, 25 November 2026, 01:04:05', '-05:00'],
    ['America/St_Johns', '2026-11-25T02:34:05-03:30', 'Wednesday, 25 November 2026, 02:34:05', '-03:30'],
    ['Asia/Kathmandu', '2026-11-25T11:49:05+05:45', 'Wednesday, 25 November 2026, 11:49:05', '+05:45'],
    ['Pacific/Kiritimati', '2026-11-25T20:04:05+14:00', 'Wednesday, 25 November 2026, 20:04:05', '+14:00'],
    ['Pacific/Pago_Pago', '2026-11-24T19:04:05-11:00', 'Tuesday, 24 November 2026, 19:04:05', '-11:00'],
  ])('%s', (zone, iso, local, utcOffset) => {
    expect(describeTime(FIXED, zone)).toEqual({ timezone: zone, iso, local, utcOffset });
  });

  it('follows daylight saving time and midnight', () => {
    expect(describeTime(new Date('2026-07-01T12:00:00Z'), 'Europe/Paris').utcOffset).toBe('+02:00');
    expect(describeTime(new Date('2026-07-01T22:00:00Z'), 'Europe/Paris')).toMatchObject({
      iso: '2026-07-02T00:00:00+02:00',
      local: 'Thursday, 2 July 2026, 00:00:00',
    });
  });

  it('reads the clock on every call', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const ticking = buildToolRegistry([createCurrentTimeTool(() => now)]);
    expect(await ticking.run('get_current_time', { timezone: 'UTC' }, signal)).toMatchObject({ output: { iso: '2026-01-01T00:00:00+00:00' } });
    now = new Date('2026-01-01T00:00:07Z');
    expect(await ticking.run('get_current_time', { timezone: 'UTC' }, signal)).toMatchObject({ output: { iso: '2026-01-01T00:00:07+00:00' } });
  });

  it('accepts zone names in any case, and IANA links', async () => {
    expect(resolveTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(resolveTimeZone('utc')).toBe('UTC');
    expect(resolveTimeZone('Asia/Kolkata')).toBeDefined();
    expect(resolveTimeZone('US/Eastern')).toBeDefined();
    expect(await registry.run('get_current_time', { timezone: 'asia/tokyo' }, signal)).toMatchObject({
      ok: true,
      output: { timezone: 'Asia/Tokyo', utcOffset: '+09:00' },
    });
  });

  it.each(['Mars/Olympus_Mons', 'Paris', 'Europe', '+05:30', 'EST5EDT,M3.2.0', '../etc/passwd', ''])(
    'refuses %j with a readable message',
    async (timezone) => {
      const result = await registry.run('get_current_time', { timezone }, signal);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toMatch(/^Invalid input for get_current_time: timezone: /);
        if (timezone !== '') {
          expect(result.error).toBe(
            `Invalid input for get_current_time: timezone: Unknown time zone ${JSON.stringify(timezone)}. Use an IANA time zone name such as Europe/Paris, America/New_York, Asia/Tokyo or UTC.`,
          );
        }
      }
    },
  );
});
