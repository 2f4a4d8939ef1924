// Claude's client-side tools: the one entry point.
//
//   createToolRegistry(config)  the app's tools (get_weather, calculate, get_current_time)
//                               with their JSON Schemas for Anthropic and a `run` that never throws;
//                               get_weather is offline (offline-weather.ts) for the demo model.
//   getToolRegistry()           in ./registry (server-only): the singleton built from Rill's env.
//
// One file per tool (get-weather.ts, calculate.ts, get-current-time.ts); the tool-independent
// machinery is in runner.ts, the SSRF-safe fetch in safe-fetch.ts.

import { calculateTool } from './calculate';
import { createCurrentTimeTool } from './get-current-time';
import { createWeatherTool } from './get-weather';
import { createOfflineWeatherTool } from './offline-weather';
import { buildToolRegistry, type ToolRegistry } from './runner';
import type { RillTool } from './types';

export type ToolConfig = {
  /** Answer get_weather from canned data, never the network: the offline demo model's setting. */
  offlineWeather?: boolean;
  geocodingUrl: string;
  forecastUrl: string;
  /** `host:port` pairs, lowercased, that network tools may reach although they resolve to private addresses. */
  allowPrivateHosts: readonly string[];
  fetch?: typeof fetch;
};

export function createToolRegistry(config: ToolConfig): ToolRegistry {
  const weather = config.offlineWeather ? createOfflineWeatherTool() : createWeatherTool(config);
  const tools: RillTool[] = [weather, calculateTool, createCurrentTimeTool()];
  return buildToolRegistry(tools);
}

export { buildToolRegistry, formatZodIssues, toInputSchema, toToolDefinition } from './runner';
export type { ToolDefinition, ToolRegistry } from './runner';
export { defineTool } from './types';
export type { RillTool, ToolContext, ToolRunResult } from './types';
export { calculate, calculateTool, CalculationError } from './calculate';
export type { CalculationResult } from './calculate';
export { createCurrentTimeTool, describeTime, resolveTimeZone } from './get-current-time';
export type { CurrentTime } from './get-current-time';
export { createWeatherTool, describeWeatherCode } from './get-weather';
export { createOfflineWeatherTool, OFFLINE_WEATHER_PLACES } from './offline-weather';
export type { WeatherReport, WeatherToolConfig } from './get-weather';
export { classifyAddress, isPublicAddress, safeFetch, SafeFetchError } from './safe-fetch';
export type { AddressClass, SafeFetchInit } from './safe-fetch';
