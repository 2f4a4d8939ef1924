import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { createToolRegistry } from '../../tools';
import { createDemoFetch } from './index';
import { CONTINUE_INSTRUCTION } from '../wire';
import { demoAnswer, demoStep, readTurn, type DemoMessage, type DemoOutput } from './scenes';

const tools = createToolRegistry({ offlineWeather: true, geocodingUrl: 'http://unused.invalid', forecastUrl: 'http://unused.invalid', allowPrivateHosts: [] });
const offeredTools = tools.definitions.map((tool) => tool.name);

/** Plays a whole turn as the agent loop does: each tool call runs on the real registry. */
async function playTurn(question: string, thinking = false): Promise<DemoOutput[]> {
  const messages: DemoMessage[] = [{ role: 'user', content: question }];
  const steps: DemoOutput[] = [];
  for (let step = 0; step < 5; step++) {
    const output = demoStep(readTurn(messages, { thinking, offeredTools }));
    steps.push(output);
    if (output.stopReason !== 'tool_use') return steps;
    const calls = output.blocks.flatMap((block, i) => (block.type === 'tool_use' ? [{ ...block, id: `toolu_${step}_${i}` }] : []));
    messages.push({ role: 'assistant', content: calls.map(({ id, name, input }) => ({ type: 'tool_use', id, name, input })) });
    const results = await Promise.all(calls.map((call) => tools.run(call.name, call.input, new AbortController().signal)));
    messages.push({
      role: 'user',
      content: results.map((result, i) => ({
        type: 'tool_result',
        tool_use_id: calls[i]!.id,
        content: result.ok ? JSON.stringify(result.output) : result.error,
        ...(result.ok ? {} : { is_error: true }),
      })),
    });
  }
  throw new Error('the demo never finished its turn');
}

const toolCalls = (steps: DemoOutput[]) => steps.flatMap((step) => step.blocks.flatMap((block) => (block.type === 'tool_use' ? [{ name: block.name, input: block.input }] : [])));
const finalText = (steps: DemoOutput[]) => steps.at(-1)!.blocks.map((block) => (block.type === 'text' ? block.text : '')).join('');

describe('the demo model', () => {
  it('answers the weather example with get_weather, then the local time, from canned data', async () => {
    const steps = await playTurn('What is the weather in Lisbon right now, and what time is it there?');
    expect(toolCalls(steps)).toEqual([
      { name: 'get_weather', input: { location: 'Lisbon' } },
      { name: 'get_current_time', input: { timezone: 'Europe/Lisbon' } },
    ]);
    expect(finalText(steps)).toContain('In **Lisbon** it is 19.6 °C and mainly clear');
    expect(finalText(steps)).toMatch(/The local time is \*\*\d\d:\d\d:\d\d\*\*/);
  });

  it('says which places it knows when asked about another', async () => {
    const steps = await playTurn('How is the weather in Reykjavik?');
    expect(finalText(steps)).toContain('The offline demo knows the weather only in Lisbon, Paris');
  });

  it('does exact maths with the calculator', async () => {
    const steps = await playTurn('What is 2^64 − 1 exactly, and how many years is that many nanoseconds?');
    expect(toolCalls(steps)).toEqual([
      { name: 'calculate', input: { expression: '2^64 - 1' } },
      { name: 'calculate', input: { expression: '(2^64 - 1) ns to years' } },
    ]);
    expect(finalText(steps)).toContain('**18,446,744,073,709,551,615**');
    expect(finalText(steps)).toContain('**584.5 years**');
  });

  it('thinks the bill puzzle through before answering, when thinking is on', async () => {
    const [step] = await playTurn('Three friends split a $60 bill. Each pays the average of what the other two pay, plus $1. Who pays what?', true);
    expect(step!.blocks.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(finalText([step!])).toContain('No split works');
  });

  it('writes long Markdown with a table and code about TCP', async () => {
    const text = finalText(await playTurn('Explain how TCP congestion control works, with a table comparing Reno, CUBIC and BBR and a short Python simulation.'));
    expect(text).toContain('| Reno | CUBIC | BBR |');
    expect(text).toContain('```python');
    expect(text.length).toBeGreaterThan(2_000);
  });

  it('explains demo mode, and how to reach Claude, in answer to anything else', async () => {
    const text = finalText(await playTurn('Tell me about herons'));
    expect(text).toContain('offline demo model');
    expect(text).toContain('*Tell me about herons*');
    expect(text).toContain('`ANTHROPIC_API_KEY`');
  });
});

describe('createDemoFetch', () => {
  const client = new Anthropic({ apiKey: 'demo', baseURL: 'http://demo.rill.invalid', fetch: createDemoFetch(0) });

  it('streams a tool call through the real SDK, with usage', async () => {
    const message = await client.messages
      .stream({ model: 'rill-demo', max_tokens: 1000, tools: tools.definitions, messages: [{ role: 'user', content: 'Weather in Paris?' }] })
      .finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { location: 'Paris' } });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('counts a conversation offline, as its answers report their input', async () => {
    const messages = [{ role: 'user' as const, content: 'Explain how TCP congestion control works.' }];
    const counted = await client.messages.countTokens({ model: 'rill-demo', messages });
    const answered = await client.messages.create({ model: 'rill-demo', max_tokens: 1000, messages });
    expect(counted.input_tokens).toBe(answered.usage.input_tokens);
    const longer = await client.messages.countTokens({ model: 'rill-demo', messages: [...messages, { role: 'assistant', content: 'x'.repeat(400) }, { role: 'user', content: 'More?' }] });
    expect(longer.input_tokens).toBeGreaterThan(counted.input_tokens + 100);
  });
});

describe('Continue in demo mode', () => {
  const options = { thinking: false, offeredTools };
  const question = 'Explain how TCP congestion control works, with a table comparing Reno, CUBIC and BBR and a short Python simulation.';
  const whole = demoStep(readTurn([{ role: 'user', content: question }], options)).blocks.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');

  it('writes the rest of the answer it was cut off in', () => {
    const start = whole.slice(0, 200);
    const rest = demoAnswer(
      [
        { role: 'user', content: question },
        { role: 'assistant', content: [{ type: 'text', text: start }] },
        { role: 'user', content: [{ type: 'text', text: CONTINUE_INSTRUCTION }] },
      ],
      options,
    );
    expect(rest.blocks).toEqual([{ type: 'text', text: whole.slice(200) }]);
  });

  it('says it cannot continue an answer that is not its own', () => {
    const [block] = demoAnswer(
      [
        { role: 'user', content: question },
        { role: 'assistant', content: [{ type: 'text', text: 'Something Claude wrote' }] },
        { role: 'user', content: [{ type: 'text', text: CONTINUE_INSTRUCTION }] },
      ],
      options,
    ).blocks;
    expect(block).toMatchObject({ type: 'text', text: expect.stringContaining('cannot pick up an answer it did not write') });
  });
});
