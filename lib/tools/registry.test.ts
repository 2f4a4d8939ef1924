import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createToolRegistry } from './index';
import { getToolRegistry } from './registry';
import { buildToolRegistry } from './runner';
import { defineTool, type ToolRunResult } from './types';
import { formatDuration } from '../usage/format';

const config = {
  geocodingUrl: 'http://127.0.0.1:9/',
  forecastUrl: 'http://127.0.0.1:9/',
  allowPrivateHosts: [],
  // Nothing here may reach the network.
  fetch: (async () => {
    throw new Error('no network in this test');
  }) as typeof fetch,
};

const never = () => new AbortController().signal;

function expectFailure(result: ToolRunResult): string {
  expect(result.ok).toBe(false);
  expect(result.durationMs).toBeGreaterThanOrEqual(0);
  return result.ok ? '' : result.error;
}

describe('createToolRegistry', () => {
  const registry = createToolRegistry(config);

  it('has the three tools, in order', () => {
    expect(registry.tools.map((t) => t.name)).toEqual(['get_weather', 'calculate', 'get_current_time']);
    expect(registry.definitions.map((d) => d.name)).toEqual(['get_weather', 'calculate', 'get_current_time']);
  });

  it('generates Anthropic input schemas from the zod schemas', () => {
    const [weather, calculate, time] = registry.definitions;
    for (const definition of registry.definitions) {
      expect(definition.description.length).toBeGreaterThan(20);
      expect(definition.input_schema.type).toBe('object');
      expect(definition.input_schema).not.toHaveProperty('$schema');
      expect(definition.input_schema.additionalProperties).toBe(false);
      // Every parameter carries a description for Claude.
      for (const property of Object.values(definition.input_schema.properties as Record<string, { description?: string }>)) {
        expect(property.description).toBeTruthy();
      }
      // It is plain JSON.
      expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
    }
    expect(weather?.input_schema).toMatchObject({
      properties: {
        location: { type: 'string', minLength: 1, maxLength: 200 },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
      },
      required: ['location'], // unit has a default, so Claude may leave it out
    });
    expect(calculate?.input_schema).toMatchObject({
      properties: { expression: { type: 'string', minLength: 1, maxLength: 500 } },
      required: ['expression'],
    });
    expect(time?.input_schema).toMatchObject({ properties: { timezone: { type: 'string' } }, required: ['timezone'] });
  });

  it('runs a tool and returns its JSON output', async () => {
    const result = await registry.run('calculate', { expression: '2^64' }, never());
    expect(result).toMatchObject({ ok: true, output: { expression: '2^64', result: '18446744073709551616', type: 'number' } });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('names the available tools when the tool is unknown', async () => {
    const error = expectFailure(await registry.run('get_stock_price', {}, never()));
    expect(error).toBe('Unknown tool "get_stock_price". Available tools: get_weather, calculate, get_current_time.');
  });

  it('names the invalid fields from the zod error', async () => {
    expect(expectFailure(await registry.run('calculate', { expression: 42 }, never()))).toBe(
      'Invalid input for calculate: expression: expected string, received number',
    );
    expect(expectFailure(await registry.run('calculate', {}, never()))).toBe(
      'Invalid input for calculate: expression: expected string, received undefined',
    );
    expect(expectFailure(await registry.run('calculate', 'oops', never()))).toBe(
      'Invalid input for calculate: expected object, received string',
    );
    const several = expectFailure(await registry.run('get_weather', { location: '', unit: 'kelvin' }, never()));
    expect(several).toMatch(/^Invalid input for get_weather: location: .*; unit: .*"celsius"\|"fahrenheit"/);
    expect(expectFailure(await registry.run('calculate', { expression: '1', extra: true }, never()))).toMatch(
      /^Invalid input for calculate: .*extra/,
    );
  });

  it('returns a tool error as a result', async () => {
    expect(expectFailure(await registry.run('calculate', { expression: 'evaluate("1")' }, never()))).toMatch(
      /^"evaluate" is not available in calculate/,
    );
  });
});

describe('buildToolRegistry', () => {
  const slowTool = (timeoutMs: number, honoursSignal: boolean) =>
    defineTool({
      name: 'slow',
      description: 'Waits for a long time.',
      inputSchema: z.object({}),
      timeoutMs,
      execute: (_input, { signal }) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve('finished'), 5_000);
          timer.unref();
          if (honoursSignal) {
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(new Error('aborted by signal'));
            });
          }
        }),
    });

  it('turns a thrown error into its message', async () => {
    const registry = buildToolRegistry([
      defineTool({
        name: 'boom',
        description: 'Throws.',
        inputSchema: z.object({}),
        timeoutMs: 1000,
        execute: async () => {
          throw new Error('The upstream service is down.');
        },
      }),
      defineTool({
        name: 'sync_boom',
        description: 'Throws synchronously.',
        inputSchema: z.object({}),
        timeoutMs: 1000,
        execute: (() => {
          throw new TypeError('bad');
        }) as () => Promise<never>,
      }),
      defineTool({
        name: 'weird',
        description: 'Throws a non-error.',
        inputSchema: z.object({}),
        timeoutMs: 1000,
        execute: async () => {
          throw undefined;
        },
      }),
    ]);
    expect(expectFailure(await registry.run('boom', {}, never()))).toBe('The upstream service is down.');
    expect(expectFailure(await registry.run('sync_boom', {}, never()))).toBe('bad');
    expect(expectFailure(await registry.run('weird', {}, never()))).toBe('weird failed without saying why.');
  });

  it('times out, even when the tool ignores its signal, and aborts the tool', async () => {
    for (const honoursSignal of [true, false]) {
      const registry = buildToolRegistry([slowTool(30, honoursSignal)]);
      const result = await registry.run('slow', {}, never());
      expect(expectFailure(result)).toBe('slow timed out after 30 ms.');
    }
    const tool = slowTool(20, true);
    const seen = vi.fn();
    const spy = defineTool({ ...tool, execute: (input, context) => (seen(context.signal), tool.execute(input, context)) });
    await buildToolRegistry([spy]).run('slow', {}, never());
    expect((seen.mock.calls[0]?.[0] as AbortSignal).aborted).toBe(true);
  });

  it('writes timeouts in seconds from 1 s on', () => {
    expect(formatDuration(10_000)).toBe('10 s');
    expect(formatDuration(2_500)).toBe('2.5 s');
    expect(formatDuration(50)).toBe('50 ms');
  });

  it('does not start a tool when the caller has already stopped', async () => {
    const execute = vi.fn(async () => 'ran');
    const registry = buildToolRegistry([
      defineTool({ name: 'quick', description: 'Quick.', inputSchema: z.object({}), timeoutMs: 1000, execute }),
    ]);
    const controller = new AbortController();
    controller.abort();
    expect(expectFailure(await registry.run('quick', {}, controller.signal))).toBe('Stopped before quick finished.');
    expect(execute).not.toHaveBeenCalled();
  });

  it('stops promptly when the caller aborts, even when the tool ignores its signal', async () => {
    for (const honoursSignal of [true, false]) {
      const registry = buildToolRegistry([slowTool(10_000, honoursSignal)]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const result = await registry.run('slow', {}, controller.signal);
      expect(expectFailure(result)).toBe('Stopped before slow finished.');
    }
  });

  it('round-trips outputs through JSON and rejects outputs that are not JSON', async () => {
    const registry = buildToolRegistry([
      defineTool({
        name: 'dated',
        description: 'Returns a Date and undefined fields.',
        inputSchema: z.object({}),
        timeoutMs: 1000,
        execute: async () => ({ at: new Date(0), missing: undefined, n: 1 }),
      }),
      defineTool({
        name: 'nothing',
        description: 'Returns undefined.',
        inputSchema: z.object({}),
        timeoutMs: 1000,
        execute: async () => undefined,
      }),
      defineTool({
        name: 'bigint',
        description: 'Returns a bigint.',
        inputSchema: z.object({}),
        timeoutMs: 1000,
        execute: async () => ({ n: 1n }),
      }),
    ]);
    expect(await registry.run('dated', {}, never())).toMatchObject({ ok: true, output: { at: '1970-01-01T00:00:00.000Z', n: 1 } });
    expect(await registry.run('nothing', {}, never())).toMatchObject({ ok: true, output: null });
    expect(expectFailure(await registry.run('bigint', {}, never()))).toMatch(/^bigint returned a result that is not JSON: /);
  });

  it('passes the parsed (defaulted) input to execute', async () => {
    const execute = vi.fn(async (input: { n: number }) => input.n * 2);
    const registry = buildToolRegistry([
      defineTool({ name: 'double', description: 'Doubles.', inputSchema: z.object({ n: z.number().default(21) }), timeoutMs: 1000, execute }),
    ]);
    expect(await registry.run('double', {}, never())).toMatchObject({ ok: true, output: 42 });
  });

  it('refuses duplicate names and non-object schemas', () => {
    const tool = defineTool({ name: 'x', description: 'x', inputSchema: z.object({}), timeoutMs: 1, execute: async () => 1 });
    expect(() => buildToolRegistry([tool, tool])).toThrow('Two tools are named "x".');
    expect(() => buildToolRegistry([{ ...tool, inputSchema: z.string() }])).toThrow(/must be a zod object schema/);
  });
});

describe('getToolRegistry', () => {
  it('is a singleton built from the environment', () => {
    const registry = getToolRegistry();
    expect(getToolRegistry()).toBe(registry);
    expect(registry.definitions.map((d) => d.name)).toEqual(['get_weather', 'calculate', 'get_current_time']);
  });
});
