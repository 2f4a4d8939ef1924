import 'server-only';
import { isDemoMode } from '../anthropic/client';
import { env } from '../env';
import { createToolRegistry } from './index';
import type { ToolRegistry } from './runner';

let registry: ToolRegistry | undefined;

/** The app's tool registry, configured from Rill's environment (built on first use). */
export function getToolRegistry(): ToolRegistry {
  registry ??= createToolRegistry({
    offlineWeather: isDemoMode,
    geocodingUrl: env.OPEN_METEO_GEOCODING_URL,
    forecastUrl: env.OPEN_METEO_FORECAST_URL,
    allowPrivateHosts: env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS,
  });
  return registry;
}
