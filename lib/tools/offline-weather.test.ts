import { describe, expect, it } from 'vitest';
import { createOfflineWeatherTool } from './offline-weather';
import { buildToolRegistry } from './runner';

const registry = buildToolRegistry([createOfflineWeatherTool(() => new Date('2026-05-14T14:07:00Z'))]);
const run = (input: unknown) => registry.run('get_weather', input, new AbortController().signal);

describe('get_weather offline (the demo model)', () => {
  it('reports canned conditions at the place’s own local time, to the quarter hour', async () => {
    const result = await run({ location: 'lisbon, Portugal' });
    if (!result.ok) throw new Error(result.error);
    expect(result.output).toMatchObject({
      location: { name: 'Lisbon', country: 'Portugal', timezone: 'Europe/Lisbon' },
      units: { temperature: '°C', windSpeed: 'km/h' },
      current: { time: '2026-05-14T15:00', temperature: 19.6, conditions: 'Mainly clear' },
      daily: [{ date: '2026-05-14' }, { date: '2026-05-15' }, { date: '2026-05-16', conditions: 'Slight rain' }],
    });
  });

  it('converts to fahrenheit and mph', async () => {
    const result = await run({ location: 'Tokyo', unit: 'fahrenheit' });
    if (!result.ok) throw new Error(result.error);
    expect(result.output).toMatchObject({ units: { temperature: '°F', windSpeed: 'mph' }, current: { time: '2026-05-14T23:00', temperature: 70.7, windSpeed: 4.7 } });
  });

  it('names the places it knows when asked about another, as an error Claude can read', async () => {
    expect(await run({ location: 'Atlantis' })).toMatchObject({ ok: false, error: expect.stringContaining('only in Lisbon, Paris, London') });
  });

  it('validates its input like the real tool', async () => {
    expect(await run({ location: '' })).toMatchObject({ ok: false });
  });
});
