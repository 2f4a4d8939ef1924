// get_weather without a network: canned conditions for a few cities, at their real local time.
// The demo model (no API key) calls the tools like Claude does; this keeps its weather offline.

import { describeWeatherCode, normalizePlaceName, WEATHER_TOOL_SPEC, type WeatherReport } from './get-weather';
import { defineTool } from './types';

type CannedPlace = {
  name: string;
  /** Left out where it is the place's own name. */
  region?: string;
  country: string;
  latitude: number;
  longitude: number;
  timezone: string;
  /** °C, °C, %, km/h, WMO code. */
  current: [temperature: number, feelsLike: number, humidity: number, wind: number, code: number];
  /** Today and the next two days: WMO code, high °C, low °C, chance of precipitation %. */
  daily: Array<[code: number, high: number, low: number, precipitation: number]>;
};

const PLACES: readonly CannedPlace[] = [
  {
    name: 'Lisbon', country: 'Portugal', latitude: 38.7167, longitude: -9.1333, timezone: 'Europe/Lisbon',
    current: [19.6, 19.1, 58, 14.8, 1],
    daily: [[1, 22.4, 14.9, 5], [2, 21.7, 15.2, 10], [61, 18.9, 14.1, 65]],
  },
  {
    name: 'Paris', region: 'Île-de-France', country: 'France', latitude: 48.8534, longitude: 2.3488, timezone: 'Europe/Paris',
    current: [14.2, 12.9, 71, 11.2, 3],
    daily: [[3, 16.1, 9.8, 20], [61, 14.3, 9.1, 75], [2, 17.5, 8.6, 10]],
  },
  {
    name: 'London', region: 'England', country: 'United Kingdom', latitude: 51.5085, longitude: -0.1257, timezone: 'Europe/London',
    current: [12.8, 10.9, 77, 18.4, 80],
    daily: [[80, 14.2, 8.3, 60], [3, 15.0, 7.9, 25], [2, 16.4, 8.8, 15]],
  },
  {
    name: 'New York', region: 'New York State', country: 'United States', latitude: 40.7143, longitude: -74.006, timezone: 'America/New_York',
    current: [17.3, 16.8, 52, 9.7, 0],
    daily: [[0, 21.2, 11.4, 0], [2, 22.8, 13.0, 5], [95, 19.6, 14.2, 70]],
  },
  {
    name: 'Tokyo', country: 'Japan', latitude: 35.6895, longitude: 139.6917, timezone: 'Asia/Tokyo',
    current: [21.5, 21.9, 66, 7.6, 2],
    daily: [[2, 24.1, 17.3, 15], [63, 20.8, 16.9, 85], [1, 23.4, 15.8, 5]],
  },
  {
    name: 'Sydney', region: 'New South Wales', country: 'Australia', latitude: -33.8678, longitude: 151.2073, timezone: 'Australia/Sydney',
    current: [16.9, 15.4, 63, 20.1, 2],
    daily: [[2, 19.3, 11.7, 10], [1, 20.6, 12.2, 0], [80, 17.8, 12.9, 55]],
  },
];

export const OFFLINE_WEATHER_PLACES: readonly string[] = PLACES.map((place) => place.name);

/** `2026-05-14T15:00`: the wall-clock time at `date` in `timeZone`, to the quarter hour as Open-Meteo reports it. */
function localQuarterHour(date: Date, timeZone: string): string {
  const quarter = new Date(Math.floor(date.getTime() / 900_000) * 900_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(quarter)
      .map((part) => [part.type, part.value]),
  ) as Partial<Record<Intl.DateTimeFormatPartTypes, string>>;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The canned report for `location` at `now`, or an error naming the places the demo knows. */
export function offlineWeatherReport(location: string, unit: 'celsius' | 'fahrenheit', now: Date): WeatherReport {
  const wanted = normalizePlaceName(location.split(',')[0] ?? '');
  const place = PLACES.find((candidate) => normalizePlaceName(candidate.name) === wanted);
  if (!place) {
    throw new Error(
      `The offline demo knows the weather only in ${OFFLINE_WEATHER_PLACES.join(', ')}. With ANTHROPIC_API_KEY set, get_weather asks Open-Meteo about any place.`,
    );
  }
  const fahrenheit = unit === 'fahrenheit';
  const temperature = (celsius: number) => (fahrenheit ? Math.round((celsius * 9) / 5 * 10 + 320) / 10 : celsius);
  const speed = (kmh: number) => (fahrenheit ? Math.round((kmh / 1.609344) * 10) / 10 : kmh);
  const [current, feelsLike, humidity, wind, code] = place.current;
  const time = localQuarterHour(now, place.timezone);
  return {
    location: { name: place.name, ...(place.region ? { region: place.region } : {}), country: place.country, latitude: place.latitude, longitude: place.longitude, timezone: place.timezone },
    units: { temperature: fahrenheit ? '°F' : '°C', windSpeed: fahrenheit ? 'mph' : 'km/h' },
    current: {
      time,
      temperature: temperature(current),
      apparentTemperature: temperature(feelsLike),
      humidity,
      windSpeed: speed(wind),
      weatherCode: code,
      conditions: describeWeatherCode(code),
    },
    daily: place.daily.map(([weatherCode, high, low, precipitationChance], day) => ({
      date: addDays(time.slice(0, 10), day),
      conditions: describeWeatherCode(weatherCode),
      weatherCode,
      high: temperature(high),
      low: temperature(low),
      precipitationChance,
    })),
  };
}

/** get_weather as Claude knows it, answered from the table above. `now` is injectable for tests. */
export function createOfflineWeatherTool(now: () => Date = () => new Date()) {
  return defineTool({
    ...WEATHER_TOOL_SPEC,
    async execute({ location, unit }): Promise<WeatherReport> {
      return offlineWeatherReport(location, unit, now());
    },
  });
}
