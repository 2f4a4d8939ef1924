import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenMeteo, type FakeOpenMeteo } from '../../e2e/fake-open-meteo/server.ts';
import { createWeatherTool, describeWeatherCode, type WeatherToolConfig } from './get-weather';
import { buildToolRegistry } from './runner';
import type { ToolRunResult } from './types';

let fake: FakeOpenMeteo;
let config: WeatherToolConfig;
const signal = () => new AbortController().signal;

beforeAll(async () => {
  fake = await startFakeOpenMeteo({ port: 0 });
  config = { geocodingUrl: fake.url, forecastUrl: fake.url, allowPrivateHosts: [`127.0.0.1:${fake.port}`] };
});
afterAll(async () => {
  await fake.close();
});

function output(result: ToolRunResult): unknown {
  if (!result.ok) throw new Error(`expected success, got: ${result.error}`);
  return result.output;
}
function error(result: ToolRunResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.output)}`);
  return result.error;
}

describe('get_weather against the fake Open-Meteo', () => {
  let registry: ReturnType<typeof buildToolRegistry>;
  beforeEach(() => {
    registry = buildToolRegistry([createWeatherTool(config)]);
  });

  it('reports current conditions and a 3-day forecast in celsius by default', async () => {
    expect(output(await registry.run('get_weather', { location: 'Paris' }, signal()))).toEqual({
      location: {
        name: 'Paris',
        region: 'Île-de-France',
        country: 'France',
        latitude: 48.8566,
        longitude: 2.3522,
        timezone: 'Europe/Paris',
      },
      units: { temperature: '°C', windSpeed: 'km/h' },
      current: {
        time: '2026-05-14T15:00',
        temperature: 18.4,
        apparentTemperature: 17.1,
        humidity: 62,
        windSpeed: 11.2,
        weatherCode: 2,
        conditions: 'Partly cloudy',
      },
      daily: [
        { date: '2026-05-14', conditions: 'Partly cloudy', weatherCode: 2, high: 21.3, low: 11.8, precipitationChance: 10 },
        { date: '2026-05-15', conditions: 'Slight rain', weatherCode: 61, high: 17.9, low: 10.4, precipitationChance: 70 },
        { date: '2026-05-16', conditions: 'Overcast', weatherCode: 3, high: 19.2, low: 9.7, precipitationChance: 20 },
      ],
    });
  });

  it('sends the documented Open-Meteo requests', async () => {
    const before = fake.requests().length;
    await registry.run('get_weather', { location: 'Tokyo' }, signal());
    const [search, forecast] = fake.requests().slice(before);
    expect(search).toMatchObject({
      path: '/v1/search',
      query: { name: 'Tokyo', count: '1', language: 'en', format: 'json' },
      outcome: 'completed',
    });
    expect(forecast).toMatchObject({
      path: '/v1/forecast',
      query: {
        latitude: '35.6895',
        longitude: '139.6917',
        current: 'temperature_2m,apparent_temperature,relative_humidity_2m,weather_code,wind_speed_10m',
        daily: 'weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max',
        timezone: 'auto',
        forecast_days: '3',
        temperature_unit: 'celsius',
        wind_speed_unit: 'kmh',
      },
    });
  });

  it('uses fahrenheit and mph when asked', async () => {
    const report = output(await registry.run('get_weather', { location: 'New York', unit: 'fahrenheit' }, signal()));
    expect(report).toMatchObject({
      location: { name: 'New York', region: 'New York', country: 'United States', timezone: 'America/New_York' },
      units: { temperature: '°F', windSpeed: 'mph' },
      current: { temperature: 65.1, apparentTemperature: 62.8, humidity: 62, windSpeed: 7, weatherCode: 2 },
      daily: [
        { high: 70.3, low: 53.2 },
        { high: 64.2, low: 50.7 },
        { high: 66.6, low: 49.5 },
      ],
    });
    expect(fake.requests().at(-1)?.query).toMatchObject({ temperature_unit: 'fahrenheit', wind_speed_unit: 'mph' });
  });

  it('finds "Place, Country" by the place name when the full text matches nothing', async () => {
    expect(output(await registry.run('get_weather', { location: 'Paris, France' }, signal()))).toMatchObject({
      location: { name: 'Paris', country: 'France' },
    });
    expect(output(await registry.run('get_weather', { location: '  tokyo , japan ' }, signal()))).toMatchObject({
      location: { name: 'Tokyo', country: 'Japan' },
    });
  });

  it('says when no place is found', async () => {
    expect(error(await registry.run('get_weather', { location: 'Nowhere' }, signal()))).toBe(
      'No place called "Nowhere" was found. Try a nearby city, or the name in another spelling.',
    );
  });

  it('stops a running forecast request when the caller aborts (Slowtown)', async () => {
    const controller = new AbortController();
    const pending = registry.run('get_weather', { location: 'Slowtown' }, controller.signal);
    // Abort once the forecast request is waiting on the fake.
    while (!fake.requests().some((r) => r.path === '/v1/forecast' && r.outcome === 'pending')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort();
    expect(error(await pending)).toBe('Stopped before get_weather finished.');
    // The HTTP request itself was cancelled, not just abandoned.
    await expect
      .poll(() => fake.requests().filter((r) => r.path === '/v1/forecast').at(-1)?.outcome)
      .toBe('client-disconnected');
  });

  it('times out on a slow upstream', async () => {
    const quick = buildToolRegistry([{ ...createWeatherTool(config), timeoutMs: 150 }]);
    expect(error(await quick.run('get_weather', { location: 'Slowtown' }, signal()))).toBe('get_weather timed out after 150 ms.');
    expect(createWeatherTool(config).timeoutMs).toBe(10_000);
  });

  it('refuses the same local URL when it is not allowlisted', async () => {
    const strict = buildToolRegistry([createWeatherTool({ ...config, allowPrivateHosts: [] })]);
    const before = fake.requests().length;
    expect(error(await strict.run('get_weather', { location: 'Paris' }, signal()))).toBe(
      `Refusing to connect to 127.0.0.1:${fake.port}: 127.0.0.1 is a loopback address, not a public one.`,
    );
    expect(fake.requests().length).toBe(before);
  });
});

describe('get_weather with a misbehaving upstream', () => {
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const upstream = (answer: (url: URL) => Response): WeatherToolConfig => ({
    geocodingUrl: 'https://geo.test',
    forecastUrl: 'https://forecast.test/base/',
    allowPrivateHosts: ['geo.test:443', 'forecast.test:443'], // skip DNS: nothing leaves the process
    fetch: (async (input: string | URL | Request) => answer(new URL(String(input)))) as typeof fetch,
  });
  const paris = { results: [{ name: 'Paris', latitude: 48.8566, longitude: 2.3522, country: 'France', timezone: 'Europe/Paris' }] };

  it('validates the geocoding response', async () => {
    const registry = buildToolRegistry([createWeatherTool(upstream(() => json({ results: [{ name: 'Paris', latitude: 'north' }] })))]);
    expect(error(await registry.run('get_weather', { location: 'Paris' }, signal()))).toBe(
      'The geocoding service sent an unexpected response (results.0.latitude: expected number, received string; results.0.longitude: expected number, received undefined).',
    );
  });

  it('validates the forecast response and keeps the base path', async () => {
    const seen: string[] = [];
    const registry = buildToolRegistry([
      createWeatherTool(
        upstream((url) => {
          seen.push(url.origin + url.pathname);
          return url.hostname === 'geo.test' ? json(paris) : json({ timezone: 'Europe/Paris', current: {} });
        }),
      ),
    ]);
    expect(error(await registry.run('get_weather', { location: 'Paris' }, signal()))).toMatch(
      /^The forecast service sent an unexpected response \(current\.time: expected string, received undefined; .*daily: expected object, received undefined\)\.$/,
    );
    expect(seen).toEqual(['https://geo.test/v1/search', 'https://forecast.test/base/v1/forecast']);
  });

  it('reports upstream HTTP errors with their reason', async () => {
    const registry = buildToolRegistry([
      createWeatherTool(
        upstream((url) =>
          url.hostname === 'geo.test' ? json(paris) : json({ error: true, reason: 'Latitude must be in range of -90 to 90°.' }, 400),
        ),
      ),
    ]);
    expect(error(await registry.run('get_weather', { location: 'Paris' }, signal()))).toBe(
      'The forecast service answered HTTP 400: Latitude must be in range of -90 to 90°.',
    );
    const down = buildToolRegistry([createWeatherTool(upstream(() => new Response('<h1>Bad gateway</h1>', { status: 502 })))]);
    expect(error(await down.run('get_weather', { location: 'Paris' }, signal()))).toBe('The geocoding service answered HTTP 502.');
  });

  it('accepts a missing precipitation chance', async () => {
    const registry = buildToolRegistry([
      createWeatherTool(
        upstream((url) =>
          url.hostname === 'geo.test'
            ? json(paris)
            : json({
                timezone: 'Europe/Paris',
                current: { time: 't', temperature_2m: 1, apparent_temperature: 0, relative_humidity_2m: 90, weather_code: 45, wind_speed_10m: 3 },
                daily: { time: ['d'], weather_code: [99], temperature_2m_max: [2], temperature_2m_min: [-1], precipitation_probability_max: [null] },
              }),
        ),
      ),
    ]);
    expect(output(await registry.run('get_weather', { location: 'Paris' }, signal()))).toMatchObject({
      current: { conditions: 'Fog' },
      daily: [{ date: 'd', conditions: 'Thunderstorm with heavy hail', precipitationChance: null }],
    });
  });
});

describe('describeWeatherCode', () => {
  it('names WMO codes', () => {
    expect(describeWeatherCode(0)).toBe('Clear sky');
    expect(describeWeatherCode(2)).toBe('Partly cloudy');
    expect(describeWeatherCode(95)).toBe('Thunderstorm');
    expect(describeWeatherCode(42)).toBe('Unknown conditions (WMO code 42)');
  });
});
