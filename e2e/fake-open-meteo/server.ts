// A fake of Open-Meteo's geocoding and forecast APIs for tests and local development.
// Plain Node (type stripping): erasable TypeScript only, node: built-ins only.
//
// Both APIs on one origin, so OPEN_METEO_GEOCODING_URL = OPEN_METEO_FORECAST_URL = its url:
//   GET /v1/search?name=...&count=N        places below (case- and accent-insensitive, name or prefix)
//   GET /v1/forecast?latitude=..&longitude=..[&temperature_unit=fahrenheit][&wind_speed_unit=mph]
//   GET /_health, GET|DELETE /_log (request log)
//
// The weather is the same everywhere and deterministic (see CURRENT and DAILY); only the time
// zone follows the place. Special places: "Slowtown" (its forecast answers after 30 s, or never
// if the client disconnects first) and "Nowhere" (no results).

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakePlace = {
  id: number;
  name: string;
  latitude: number;
  longitude: number;
  country: string;
  country_code: string;
  admin1: string;
  timezone: string;
};

export const PLACES: readonly FakePlace[] = [
  { id: 2988507, name: 'Paris', latitude: 48.8566, longitude: 2.3522, country: 'France', country_code: 'FR', admin1: 'Île-de-France', timezone: 'Europe/Paris' },
  { id: 1850147, name: 'Tokyo', latitude: 35.6895, longitude: 139.6917, country: 'Japan', country_code: 'JP', admin1: 'Tokyo', timezone: 'Asia/Tokyo' },
  { id: 5128581, name: 'New York', latitude: 40.7128, longitude: -74.006, country: 'United States', country_code: 'US', admin1: 'New York', timezone: 'America/New_York' },
  { id: 9999001, name: 'Slowtown', latitude: 12.3456, longitude: 65.4321, country: 'Testland', country_code: 'TL', admin1: 'Slow County', timezone: 'UTC' },
];

/** How long the forecast for Slowtown takes. */
export const SLOW_FORECAST_MS = 30_000;

/** Current conditions in °C and km/h (converted when the request asks for °F or mph). */
export const CURRENT = {
  time: '2026-05-14T15:00',
  interval: 900,
  temperature_2m: 18.4,
  apparent_temperature: 17.1,
  relative_humidity_2m: 62,
  weather_code: 2,
  wind_speed_10m: 11.2,
} as const;

/** Three days, °C. */
export const DAILY = {
  time: ['2026-05-14', '2026-05-15', '2026-05-16'],
  weather_code: [2, 61, 3],
  temperature_2m_max: [21.3, 17.9, 19.2],
  temperature_2m_min: [11.8, 10.4, 9.7],
  precipitation_probability_max: [10, 70, 20],
} as const;

export type FakeOpenMeteoRequest = {
  path: string;
  query: Record<string, string>;
  receivedAt: number;
  status: number;
  outcome: 'pending' | 'completed' | 'client-disconnected';
};

export type FakeOpenMeteoOptions = { port?: number; host?: string };

export type FakeOpenMeteo = {
  /** e.g. http://127.0.0.1:4020 (no trailing slash). */
  url: string;
  port: number;
  /** Requests to /v1/*, oldest first. */
  requests(): readonly FakeOpenMeteoRequest[];
  close(): Promise<void>;
};

const round1 = (n: number) => Math.round(n * 10) / 10;
const toFahrenheit = (c: number) => round1((c * 9) / 5 + 32);
const WIND_FACTORS: Readonly<Record<string, number>> = { kmh: 1, mph: 1 / 1.609344, ms: 1 / 3.6, kn: 1 / 1.852 };
const WIND_LABELS: Readonly<Record<string, string>> = { kmh: 'km/h', mph: 'mp/h', ms: 'm/s', kn: 'kn' };

const normalize = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();

export function searchPlaces(name: string, count: number): FakePlace[] {
  const query = normalize(name);
  if (query === '' || query === 'nowhere') return [];
  const exact = PLACES.filter((place) => normalize(place.name) === query);
  const prefix = query.length >= 3 ? PLACES.filter((p) => !exact.includes(p) && normalize(p.name).startsWith(query)) : [];
  return [...exact, ...prefix].slice(0, count);
}

/** The zone's UTC offset in seconds and short name at the fake's current time (CURRENT.time, local). */
function zoneAt(timeZone: string): { offsetSeconds: number; abbreviation: string } {
  try {
    const noonUtc = new Date(`${CURRENT.time.slice(0, 10)}T12:00:00Z`);
    const part = (style: 'longOffset' | 'short') =>
      new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: style })
        .formatToParts(noonUtc)
        .find((p) => p.type === 'timeZoneName')?.value ?? '';
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'));
    const offsetSeconds = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
    return { offsetSeconds, abbreviation: part('short') || 'GMT' };
  } catch {
    return { offsetSeconds: 0, abbreviation: 'GMT' };
  }
}

function placeAt(latitude: number, longitude: number): FakePlace | undefined {
  return PLACES.find((p) => Math.abs(p.latitude - latitude) < 1e-3 && Math.abs(p.longitude - longitude) < 1e-3);
}

type Answer = { status: number; body: unknown; delayMs?: number };

function badRequest(reason: string): Answer {
  return { status: 400, body: { error: true, reason } };
}

function geocodingAnswer(query: URLSearchParams): Answer {
  const name = query.get('name');
  if (name === null) return badRequest("Parameter 'name' is required");
  const count = query.has('count') ? Number(query.get('count')) : 10;
  if (!Number.isInteger(count) || count < 1 || count > 100) return badRequest("Parameter 'count' must be between 1 and 100");
  const results = searchPlaces(name, count).map((place) => ({
    id: place.id,
    name: place.name,
    latitude: place.latitude,
    longitude: place.longitude,
    elevation: 0,
    feature_code: 'PPLC',
    country_code: place.country_code,
    timezone: place.timezone,
    country: place.country,
    admin1: place.admin1,
  }));
  // Like the real API: no `results` key at all when nothing matches.
  return { status: 200, body: results.length > 0 ? { results, generationtime_ms: 0.5 } : { generationtime_ms: 0.5 } };
}

function forecastAnswer(query: URLSearchParams): Answer {
  const latitude = Number(query.get('latitude'));
  const longitude = Number(query.get('longitude'));
  if (!query.get('latitude') || !query.get('longitude') || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return badRequest("Parameters 'latitude' and 'longitude' are required numbers");
  }
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return badRequest('Latitude or longitude out of range');
  const temperatureUnit = query.get('temperature_unit') ?? 'celsius';
  if (temperatureUnit !== 'celsius' && temperatureUnit !== 'fahrenheit') {
    return badRequest(`Invalid temperature_unit '${temperatureUnit}'`);
  }
  const windUnit = query.get('wind_speed_unit') ?? 'kmh';
  const windFactor = WIND_FACTORS[windUnit];
  if (windFactor === undefined) return badRequest(`Invalid wind_speed_unit '${windUnit}'`);
  const days = query.has('forecast_days') ? Number(query.get('forecast_days')) : 7;
  if (!Number.isInteger(days) || days < 1 || days > 16) return badRequest("Parameter 'forecast_days' must be between 1 and 16");

  const place = placeAt(latitude, longitude);
  const requestedZone = query.get('timezone') ?? 'GMT';
  const timezone = requestedZone === 'auto' ? (place?.timezone ?? 'GMT') : requestedZone;
  const zone = zoneAt(timezone);
  const f = temperatureUnit === 'fahrenheit';
  const temp = (c: number) => (f ? toFahrenheit(c) : c);
  const n = Math.min(days, DAILY.time.length);
  const body = {
    latitude,
    longitude,
    generationtime_ms: 0.1,
    utc_offset_seconds: zone.offsetSeconds,
    timezone,
    timezone_abbreviation: zone.abbreviation,
    elevation: 35,
    current_units: {
      time: 'iso8601',
      interval: 'seconds',
      temperature_2m: f ? '°F' : '°C',
      apparent_temperature: f ? '°F' : '°C',
      relative_humidity_2m: '%',
      weather_code: 'wmo code',
      wind_speed_10m: WIND_LABELS[windUnit],
    },
    current: {
      time: CURRENT.time,
      interval: CURRENT.interval,
      temperature_2m: temp(CURRENT.temperature_2m),
      apparent_temperature: temp(CURRENT.apparent_temperature),
      relative_humidity_2m: CURRENT.relative_humidity_2m,
      weather_code: CURRENT.weather_code,
      wind_speed_10m: round1(CURRENT.wind_speed_10m * windFactor),
    },
    daily_units: {
      time: 'iso8601',
      weather_code: 'wmo code',
      temperature_2m_max: f ? '°F' : '°C',
      temperature_2m_min: f ? '°F' : '°C',
      precipitation_probability_max: '%',
    },
    daily: {
      time: DAILY.time.slice(0, n),
      weather_code: DAILY.weather_code.slice(0, n),
      temperature_2m_max: DAILY.temperature_2m_max.slice(0, n).map(temp),
      temperature_2m_min: DAILY.temperature_2m_min.slice(0, n).map(temp),
      precipitation_probability_max: DAILY.precipitation_probability_max.slice(0, n),
    },
  };
  return { status: 200, body, delayMs: place?.name === 'Slowtown' ? SLOW_FORECAST_MS : undefined };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export async function startFakeOpenMeteo(options: FakeOpenMeteoOptions = {}): Promise<FakeOpenMeteo> {
  const host = options.host ?? '127.0.0.1';
  let log: FakeOpenMeteoRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake-open-meteo.invalid');
    const method = req.method ?? 'GET';

    if (url.pathname === '/_health') return sendJson(res, 200, { ok: true });
    if (url.pathname === '/_log') {
      if (method === 'DELETE') {
        log = [];
        return sendJson(res, 200, { cleared: true });
      }
      return sendJson(res, 200, log);
    }

    const entry: FakeOpenMeteoRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      receivedAt: Date.now(),
      status: 0,
      outcome: 'pending',
    };
    const respond = (status: number, body: unknown) => {
      entry.status = status;
      entry.outcome = 'completed';
      sendJson(res, status, body);
    };
    if (url.pathname.startsWith('/v1/')) log.push(entry);

    if (method !== 'GET') return respond(405, { error: true, reason: `Method ${method} not allowed` });
    let answer: Answer;
    if (url.pathname === '/v1/search') answer = geocodingAnswer(url.searchParams);
    else if (url.pathname === '/v1/forecast') answer = forecastAnswer(url.searchParams);
    else return respond(404, { error: true, reason: `No route ${url.pathname}` });

    if (answer.delayMs === undefined) return respond(answer.status, answer.body);

    // A slow answer: wait, unless the client goes away first.
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.off('close', onClose);
      if (!res.destroyed) respond(answer.status, answer.body);
    }, answer.delayMs);
    timers.add(timer);
    const onClose = () => {
      if (entry.outcome !== 'pending') return;
      clearTimeout(timer);
      timers.delete(timer);
      entry.outcome = 'client-disconnected';
    };
    res.on('close', onClose);
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: true, reason: (error as Error).message });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests: () => log.slice(),
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
