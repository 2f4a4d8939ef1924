// get_weather: current conditions and a 3-day forecast from Open-Meteo's public APIs (no key).
// Both upstream responses are validated with zod: they cross a trust boundary.

import { z } from 'zod';
import { formatZodIssues } from './runner';
import { readJsonBody, safeFetch } from './safe-fetch';
import { defineTool } from './types';

export type WeatherToolConfig = {
  /** Origin of the geocoding API, e.g. https://geocoding-api.open-meteo.com */
  geocodingUrl: string;
  /** Origin of the forecast API, e.g. https://api.open-meteo.com */
  forecastUrl: string;
  /** `host:port` pairs allowed to resolve to private addresses (local fakes in tests). */
  allowPrivateHosts: readonly string[];
  fetch?: typeof fetch;
};

export const weatherInput = z.strictObject({
  location: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('City or place name, e.g. "Paris" or "Springfield, Illinois". Just the place: no street address.'),
  unit: z
    .enum(['celsius', 'fahrenheit'])
    .default('celsius')
    .describe('Temperature unit; wind speed follows it (km/h for celsius, mph for fahrenheit). Default celsius.'),
});

export type WeatherReport = {
  location: { name: string; region?: string; country: string; latitude: number; longitude: number; timezone: string };
  units: { temperature: '°C' | '°F'; windSpeed: 'km/h' | 'mph' };
  current: {
    /** Local time at the place, ISO 8601 without offset (e.g. 2026-05-14T15:00). */
    time: string;
    temperature: number;
    apparentTemperature: number;
    /** Relative humidity, percent. */
    humidity: number;
    windSpeed: number;
    weatherCode: number;
    conditions: string;
  };
  daily: Array<{
    date: string;
    conditions: string;
    weatherCode: number;
    high: number;
    low: number;
    /** Percent; null when the forecast has no value. */
    precipitationChance: number | null;
  }>;
};

// WMO weather interpretation codes, as Open-Meteo documents them.
const WMO_CODES: Readonly<Record<number, string>> = {
  0: 'Clear sky',
  1: 'Mainly clear',
  2: 'Partly cloudy',
  3: 'Overcast',
  45: 'Fog',
  48: 'Depositing rime fog',
  51: 'Light drizzle',
  53: 'Moderate drizzle',
  55: 'Dense drizzle',
  56: 'Light freezing drizzle',
  57: 'Dense freezing drizzle',
  61: 'Slight rain',
  63: 'Moderate rain',
  65: 'Heavy rain',
  66: 'Light freezing rain',
  67: 'Heavy freezing rain',
  71: 'Slight snowfall',
  73: 'Moderate snowfall',
  75: 'Heavy snowfall',
  77: 'Snow grains',
  80: 'Slight rain showers',
  81: 'Moderate rain showers',
  82: 'Violent rain showers',
  85: 'Slight snow showers',
  86: 'Heavy snow showers',
  95: 'Thunderstorm',
  96: 'Thunderstorm with slight hail',
  99: 'Thunderstorm with heavy hail',
};

export function describeWeatherCode(code: number): string {
  return WMO_CODES[code] ?? `Unknown conditions (WMO code ${code})`;
}

const geocodingResponse = z.object({
  results: z
    .array(
      z.object({
        name: z.string(),
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        country: z.string().optional(),
        country_code: z.string().optional(),
        admin1: z.string().optional(),
        timezone: z.string().optional(),
      }),
    )
    .optional(),
});
type Place = NonNullable<z.infer<typeof geocodingResponse>['results']>[number];

const forecastResponse = z.object({
  timezone: z.string(),
  current: z.object({
    time: z.string(),
    temperature_2m: z.number(),
    apparent_temperature: z.number(),
    relative_humidity_2m: z.number(),
    weather_code: z.number().int(),
    wind_speed_10m: z.number(),
  }),
  daily: z.object({
    time: z.array(z.string()),
    weather_code: z.array(z.number().int()),
    temperature_2m_max: z.array(z.number()),
    temperature_2m_min: z.array(z.number()),
    precipitation_probability_max: z.array(z.number().nullable()),
  }).refine(
    (d) =>
      [d.weather_code, d.temperature_2m_max, d.temperature_2m_min, d.precipitation_probability_max].every(
        (values) => values.length === d.time.length,
      ),
    { error: 'the daily arrays have different lengths' },
  ),
});

const openMeteoError = z.object({ reason: z.string() });

function endpoint(base: string, path: string, params: Record<string, string>): URL {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url;
}

async function getJson<T>(
  service: string,
  url: URL,
  schema: z.ZodType<T>,
  config: WeatherToolConfig,
  signal: AbortSignal,
): Promise<T> {
  const response = await safeFetch(url, {
    allowPrivateHosts: config.allowPrivateHosts,
    fetch: config.fetch,
    signal,
    headers: { accept: 'application/json' },
  });
  const body = await readJsonBody(response).catch((error: unknown) => {
    if (!response.ok) return undefined;
    throw new Error(`The ${service} service sent an unreadable response: ${(error as Error).message}`);
  });
  if (!response.ok) {
    const reason = openMeteoError.safeParse(body);
    throw new Error(
      `The ${service} service answered HTTP ${response.status}${reason.success ? `: ${reason.data.reason}` : '.'}`,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new Error(`The ${service} service sent an unexpected response (${formatZodIssues(parsed.error.issues)}).`);
  }
  return parsed.data;
}

/** A place name as compared: no accents, no case, no surrounding space ("São Paulo" is "sao paulo"). */
export const normalizePlaceName = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();

async function geocode(location: string, config: WeatherToolConfig, signal: AbortSignal): Promise<Place> {
  const search = (name: string, count: number) =>
    getJson(
      'geocoding',
      endpoint(config.geocodingUrl, 'v1/search', { name, count: String(count), language: 'en', format: 'json' }),
      geocodingResponse,
      config,
      signal,
    );

  const exact = (await search(location, 1)).results?.[0];
  if (exact) return exact;

  // Open-Meteo matches place names only: "Paris, France" finds nothing. Search for the part
  // before the first comma and prefer the result whose region or country matches the rest.
  const [name = '', ...qualifiers] = location.split(',').map((part) => part.trim());
  if (qualifiers.length > 0 && name !== '') {
    const candidates = (await search(name, 10)).results ?? [];
    const wanted = qualifiers.map(normalizePlaceName).filter(Boolean);
    const matches = (place: Place) =>
      wanted.every((q) =>
        [place.admin1, place.country, place.country_code].some((field) => field !== undefined && normalizePlaceName(field) === q),
      );
    const best = candidates.find(matches) ?? candidates[0];
    if (best) return best;
  }
  throw new Error(`No place called "${location}" was found. Try a nearby city, or the name in another spelling.`);
}

/** What Claude sees of get_weather, whichever source answers it (Open-Meteo, or offline-weather.ts). */
export const WEATHER_TOOL_SPEC = {
  name: 'get_weather' as const,
  description:
    'Get the current weather and a 3-day forecast for a place (city or town name), from Open-Meteo. Returns the resolved place, current temperature, feels-like temperature, humidity, wind speed and conditions, and daily highs, lows, conditions and chance of precipitation.',
  inputSchema: weatherInput,
  timeoutMs: 10_000,
};

export function createWeatherTool(config: WeatherToolConfig) {
  return defineTool({
    ...WEATHER_TOOL_SPEC,
    async execute({ location, unit }, { signal }): Promise<WeatherReport> {
      const place = await geocode(location, config, signal);
      const fahrenheit = unit === 'fahrenheit';
      const forecast = await getJson(
        'forecast',
        endpoint(config.forecastUrl, 'v1/forecast', {
          latitude: String(place.latitude),
          longitude: String(place.longitude),
          current: 'temperature_2m,apparent_temperature,relative_humidity_2m,weather_code,wind_speed_10m',
          daily: 'weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max',
          timezone: 'auto',
          forecast_days: '3',
          temperature_unit: fahrenheit ? 'fahrenheit' : 'celsius',
          wind_speed_unit: fahrenheit ? 'mph' : 'kmh',
        }),
        forecastResponse,
        config,
        signal,
      );

      const { current, daily } = forecast;
      return {
        location: {
          name: place.name,
          ...(place.admin1 ? { region: place.admin1 } : {}),
          country: place.country ?? place.country_code ?? '',
          latitude: place.latitude,
          longitude: place.longitude,
          timezone: forecast.timezone || place.timezone || 'UTC',
        },
        units: { temperature: fahrenheit ? '°F' : '°C', windSpeed: fahrenheit ? 'mph' : 'km/h' },
        current: {
          time: current.time,
          temperature: current.temperature_2m,
          apparentTemperature: current.apparent_temperature,
          humidity: current.relative_humidity_2m,
          windSpeed: current.wind_speed_10m,
          weatherCode: current.weather_code,
          conditions: describeWeatherCode(current.weather_code),
        },
        daily: daily.time.slice(0, 3).map((date, i) => {
          const weatherCode = daily.weather_code[i] ?? -1;
          return {
            date,
            conditions: describeWeatherCode(weatherCode),
            weatherCode,
            high: daily.temperature_2m_max[i] ?? Number.NaN,
            low: daily.temperature_2m_min[i] ?? Number.NaN,
            precipitationChance: daily.precipitation_probability_max[i] ?? null,
          };
        }),
      };
    },
  });
}
