// Claude's client-side tools: the one entry point.
//
//   createToolRegistry(config)  the app's tools (get_weather, calculate, get_current_time)
//                               with their JSON Schemas for Anthropic and a `run` that never throws;
//                               get_weather is offline (offline-weather.ts) for the demo model.
//   RillUITools                 the same tools' outputs by name, for typing the chat's tool parts.
//   getToolRegistry()           in ./registry (server-only): the singleton built from Rill's env.
//
// One file per tool (get-weather.ts, calculate.ts, get-current-time.ts); the tool-independent
// machinery is in runner.ts, the SSRF-safe fetch in safe-fetch.ts.

import { calculateTool } from './calculate';
import { createCurrentTimeTool } from './get-current-time';
import { createWeatherTool } from './get-weather';
import { createOfflineWeatherTool } from './offline-weather';
import { buildToolRegistry, type ToolRegistry } from './runner';
import type { UIToolsOf } from './types';

export type ToolConfig = {
  /** Answer get_weather from canned data, never the network: the offline demo model's setting. */
  offlineWeather?: boolean;
  geocodingUrl: string;
  forecastUrl: string;
  /** `host:port` pairs, lowercased, that network tools may reach although they resolve to private addresses. */
  allowPrivateHosts: readonly string[];
  fetch?: typeof fetch;
};

function appTools(config: ToolConfig) {
  const weather = config.offlineWeather ? createOfflineWeatherTool() : createWeatherTool(config);
  return [weather, calculateTool, createCurrentTimeTool()];
}

export function createToolRegistry(config: ToolConfig): ToolRegistry {
  return buildToolRegistry(appTools(config));
}

/**
 * The app's tools as the chat's messages see them (`RillUIMessage`'s tool parts), derived from
 * the registered tools themselves. Client code must import it with `import type`: this module
 * pulls in mathjs and the network tools.
 */
export type RillUITools = UIToolsOf<ReturnType<typeof appTools>[number]>;
