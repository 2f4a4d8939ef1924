// What the offline demo model says. Each example prompt of the empty state gets the answer that
// shows off its feature (tool calls, thinking, long Markdown); anything else, a word on demo mode.
// A "scene" is one kind of answer; a turn may take several steps when it calls tools.

import type { CalculationResult } from '../../tools/calculate';
import type { CurrentTime } from '../../tools/get-current-time';
import type { WeatherReport } from '../../tools/get-weather';
import { OFFLINE_WEATHER_PLACES } from '../../tools/offline-weather';
import { CONTINUE_INSTRUCTION } from '../wire';
import { TCP_ARTICLE } from './tcp-article';

export type DemoBlock = { type?: string; text?: string; content?: unknown; id?: string; name?: string; input?: unknown; is_error?: boolean };
export type DemoMessage = { role: string; content: string | DemoBlock[] };

/** What the demo writes in one step: blocks in order, and why it stops. */
export type DemoOutput = {
  blocks: Array<{ type: 'thinking'; thinking: string } | { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: Record<string, unknown> }>;
  stopReason: 'end_turn' | 'tool_use';
};

type ToolResult = { name: string; input: Record<string, unknown>; ok: boolean; output: string };

/** The turn so far: the user's question, and the tools already called for it, with their results. */
export type DemoTurn = { question: string; results: ToolResult[]; thinking: boolean; offeredTools: readonly string[] };

function blocksOf(message: DemoMessage): DemoBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/** Reads the turn from a request's messages: everything since the user last wrote text. */
export function readTurn(messages: readonly DemoMessage[], options: { thinking: boolean; offeredTools: readonly string[] }): DemoTurn {
  const start = messages.findLastIndex((m) => m.role === 'user' && blocksOf(m).some((b) => b.type === 'text'));
  const question = start < 0 ? '' : blocksOf(messages[start]!).map((b) => (b.type === 'text' ? (b.text ?? '') : '')).join('\n');
  const calls = new Map<string, { name: string; input: Record<string, unknown> }>();
  const results: ToolResult[] = [];
  for (const message of messages.slice(start + 1)) {
    for (const block of blocksOf(message)) {
      if (block.type === 'tool_use' && block.id) calls.set(block.id, { name: block.name ?? '', input: (block.input ?? {}) as Record<string, unknown> });
      if (block.type === 'tool_result') {
        const call = calls.get(String((block as { tool_use_id?: unknown }).tool_use_id));
        const output = typeof block.content === 'string' ? block.content : JSON.stringify(block.content ?? '');
        if (call) results.push({ ...call, ok: block.is_error !== true, output });
      }
    }
  }
  return { question, results, ...options };
}

const text = (value: string) => ({ type: 'text' as const, text: value });
const thinking = (value: string) => ({ type: 'thinking' as const, thinking: value });
const toolUse = (name: string, input: Record<string, unknown>) => ({ type: 'tool_use' as const, name, input });
const done = (...blocks: DemoOutput['blocks']): DemoOutput => ({ blocks, stopReason: 'end_turn' });
const callTools = (...blocks: DemoOutput['blocks']): DemoOutput => ({ blocks, stopReason: 'tool_use' });

function parse<T>(result: ToolResult | undefined): T | undefined {
  if (!result?.ok) return undefined;
  try {
    return JSON.parse(result.output) as T;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- weather: get_weather, then get_current_time


/** "in Lisbon", "for New York": the place named in the question, else Lisbon. */
export function placeIn(question: string): string {
  return /\b(?:in|for|at)\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)/u.exec(question)?.[1] ?? 'Lisbon';
}

function weatherScene(turn: DemoTurn): DemoOutput {
  const place = placeIn(turn.question);
  const weatherResult = turn.results.find((r) => r.name === 'get_weather');
  if (!weatherResult) {
    return callTools(
      ...(turn.thinking ? [thinking(`The reader wants the weather in ${place}. I have a get_weather tool: call it, then read the local time from get_current_time with the zone it reports.`)] : []),
      text(`Let me look up the weather in ${place}.`),
      toolUse('get_weather', { location: place }),
    );
  }
  const weather = parse<WeatherReport>(weatherResult);
  if (!weather) return done(text(`The get_weather tool could not answer: ${weatherResult.output}`));
  const wantsTime = /\btime\b/i.test(turn.question) && turn.offeredTools.includes('get_current_time');
  const timeResult = turn.results.find((r) => r.name === 'get_current_time');
  if (wantsTime && !timeResult) {
    return callTools(text(`And the time there, in ${weather.location.timezone}:`), toolUse('get_current_time', { timezone: weather.location.timezone }));
  }
  const { current, units, location } = weather;
  const tomorrow = weather.daily[1];
  const time = parse<CurrentTime>(timeResult);
  return done(
    text(
      [
        `In **${location.name}** it is ${current.temperature} ${units.temperature} and ${current.conditions.toLowerCase()} (feels like ${current.apparentTemperature} ${units.temperature}), with ${current.humidity}% humidity and a ${current.windSpeed} ${units.windSpeed} wind.`,
        ...(time ? [`The local time is **${time.local.split(', ').at(-1)}** on ${time.local.split(', ')[0]} (UTC${time.utcOffset}).`] : []),
        ...(tomorrow
          ? [`Tomorrow: ${tomorrow.conditions.toLowerCase()}, ${tomorrow.low} to ${tomorrow.high} ${units.temperature}${tomorrow.precipitationChance !== null ? `, ${tomorrow.precipitationChance}% chance of rain` : ''}.`]
          : []),
        '',
        `*The demo's weather is canned, for ${OFFLINE_WEATHER_PLACES.join(', ')}; with an API key, get_weather asks Open-Meteo. Open the tool cards above to see each call's input and result.*`,
      ].join('\n'),
    ),
  );
}

// ---------------------------------------------------------------- exact maths: calculate

/** The arithmetic in the question, in mathjs syntax: "2^64 − 1" becomes "2^64 - 1". */
export function expressionIn(question: string): string | undefined {
  const match = /[\d(][\d\s.()]*(?:[-+*/^×÷−]\s*[\d(][\d\s.()]*)+/.exec(question)?.[0];
  return match?.replace(/−/g, '-').replace(/×/g, '*').replace(/÷/g, '/').trim().replace(/\s+/g, ' ');
}

function group(digits: string): string {
  return /^\d{5,}$/.test(digits) ? digits.replace(/\B(?=(\d{3})+$)/g, ',') : digits;
}

function mathsScene(turn: DemoTurn, expression: string): DemoOutput {
  const inYears = /nanoseconds?/i.test(turn.question) && /\byears?\b/i.test(turn.question);
  if (turn.results.length === 0) {
    return callTools(
      ...(turn.thinking ? [thinking('Floating point would round this. The calculate tool works with exact big numbers: ask it, and for the unit conversion too.')] : []),
      text('Floating-point numbers would round this, so I will ask the calculator, which is exact:'),
      toolUse('calculate', { expression }),
      ...(inYears ? [toolUse('calculate', { expression: `(${expression}) ns to years` })] : []),
    );
  }
  const [value, years] = turn.results.map((result) => parse<CalculationResult>(result));
  if (!value) return done(text(`The calculate tool could not work it out: ${turn.results[0]?.output}`));
  const lines = [`**${value.expression}** is exactly **${group(value.result)}**.`];
  if (years) {
    const [amount = ''] = years.result.split(' ');
    lines.push('', `That many nanoseconds is about **${Number(amount).toFixed(1)} years** (${years.result.slice(0, 24)}… years, counting Julian years of 365.25 days).`);
  }
  lines.push('', 'Both numbers come from the `calculate` tool: open its cards above to see the expression it evaluated.');
  return done(text(lines.join('\n')));
}

// ---------------------------------------------------------------- thinking: the bill puzzle

const BILL_THOUGHT = [
  'Call the three shares a, b and c, with a + b + c = 60.',
  'The rule for the first friend: a = (b + c) / 2 + 1. Since b + c = 60 − a, that gives a = (60 − a) / 2 + 1, so 3a = 62 and a = 20.67.',
  'The rule is the same for all three, so b and c are 20.67 too. But then the shares add up to 62, not 60. Something is off.',
  'Add the three rules together: a + b + c = (2a + 2b + 2c) / 2 + 3, that is S = S + 3. No numbers satisfy that.',
  'So the puzzle has no solution: each "+$1" is paid out of nothing. Without the +$1, everyone pays the average of the others, and the even split of $20 each works.',
].join('\n\n');

const BILL_ANSWER = [
  '**No split works:** the conditions contradict each other.',
  '',
  'Write the shares as *a*, *b* and *c*. Each rule says a share is the average of the other two plus $1:',
  '',
  '| Friend | Rule |',
  '| --- | --- |',
  '| First | a = (b + c) / 2 + 1 |',
  '| Second | b = (a + c) / 2 + 1 |',
  '| Third | c = (a + b) / 2 + 1 |',
  '',
  'Adding the three rules gives a + b + c = (a + b + c) + 3: the total would have to exceed itself by $3. Whatever the bill, no three amounts can do that.',
  '',
  'Drop the "+ $1" and the rule is met by the even split: **$20 each**.',
].join('\n');

function billScene(turn: DemoTurn): DemoOutput {
  return done(...(turn.thinking ? [thinking(BILL_THOUGHT)] : []), text(BILL_ANSWER));
}

// ---------------------------------------------------------------- typeset maths: TeX rendered by KaTeX

export const FORMULAS_ANSWER = [
  'Rill typesets the TeX in answers as it streams. Inline, between single dollars: Euler\'s identity $e^{i\\pi} + 1 = 0$, or with \\(a^2 + b^2 = c^2\\) for Pythagoras.',
  '',
  'On a line of its own, between double dollars, the Gaussian integral:',
  '',
  '$$',
  '\\int_{-\\infty}^{\\infty} e^{-x^2} \\, dx = \\sqrt{\\pi}',
  '$$',
  '',
  'or between `\\[` and `\\]`, the quadratic formula:',
  '',
  '\\[ x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a} \\]',
  '',
  'Prices are not maths: a coffee at $3 and a cake at $4 stay plain text, and so does code like `echo $PATH`.',
  '',
  '*Screen readers read each formula as MathML. The typesetter, KaTeX, loads only once an answer has a formula.*',
].join('\n');

// ---------------------------------------------------------------- the clock

function clockScene(turn: DemoTurn): DemoOutput {
  const result = turn.results.find((r) => r.name === 'get_current_time');
  if (!result) return callTools(text('Let me check the clock.'), toolUse('get_current_time', { timezone: 'UTC' }));
  const time = parse<CurrentTime>(result);
  return done(text(time ? `It is **${time.local}** (${time.timezone}), according to the get_current_time tool.` : `The get_current_time tool could not tell: ${result.output}`));
}

// ---------------------------------------------------------------- anything else: what demo mode is

export function demoModeAnswer(question: string): string {
  const quoted = question.trim().split('\n')[0]?.slice(0, 160).replace(/[*_`[\]<>]/g, '') ?? '';
  return [
    `Hello! You are talking to Rill's **offline demo model**, not Claude. It has no API key and no network: it answers from a script, through the same streaming path Claude's answers take, so that you can try the whole interface.`,
    '',
    'Only the words are canned. Everything around them is real: streaming over Server-Sent Events, **Stop** (or Esc), the token counts in the footer, tool calls through Rill\'s own tools, and saving, so that a reload finds the conversation where you left it.',
    '',
    quoted ? `It cannot really answer *${quoted}*, but it can show you what Rill does:` : 'It cannot really answer, but it can show you what Rill does:',
    '',
    '| Ask for | What you see |',
    '| --- | --- |',
    '| the weather in Lisbon | tool calls, answered offline |',
    '| 2^64 − 1 exactly | the calculator, to the last digit |',
    '| TCP congestion control | long Markdown with a table and code |',
    '| the bill puzzle, with Thinking | the reasoning, then the answer |',
    '',
    'To talk to Claude, set `ANTHROPIC_API_KEY` in the environment or `.env.local`, and restart Rill.',
  ].join('\n');
}

function demoModeScene(turn: DemoTurn): DemoOutput {
  return done(
    ...(turn.thinking ? [thinking('This is the demo model: explain what it can show, and how to reach Claude.')] : []),
    text(demoModeAnswer(turn.question)),
  );
}

/** The demo's next step of the turn. */
export function demoStep(turn: DemoTurn): DemoOutput {
  const question = turn.question;
  const offers = (name: string) => turn.offeredTools.includes(name);
  if (/\bweather\b/i.test(question) && offers('get_weather')) return weatherScene(turn);
  if (/\bTCP\b|congestion control/i.test(question)) return done(...(turn.thinking ? [thinking('A long answer: the idea, the three algorithms in a table, then a small simulation in Python.')] : []), text(TCP_ARTICLE));
  if (/\bsplit\b.*\bbill\b/i.test(question)) return billScene(turn);
  if (/\b(?:formulas?|equations?|LaTeX|TeX|KaTeX)\b/i.test(question)) return done(text(FORMULAS_ANSWER));
  const expression = expressionIn(question);
  if (expression && offers('calculate')) return mathsScene(turn, expression);
  if (/\btime\b/i.test(question) && offers('get_current_time')) return clockScene(turn);
  return demoModeScene(turn);
}

const textOf = (blocks: readonly { type?: string; text?: string }[]) => blocks.flatMap((block) => (block.type === 'text' ? [block.text ?? ''] : [])).join('');

/**
 * Rill's instruction to go on with a cut-off answer (Continue): the demo writes the rest of the
 * text it had been writing, and says so plainly when the answer is not one of its own texts.
 */
function continuation(messages: readonly DemoMessage[], options: { thinking: boolean; offeredTools: readonly string[] }): DemoOutput | undefined {
  const [cut, instruction] = messages.slice(-2);
  if (cut?.role !== 'assistant' || instruction?.role !== 'user' || textOf(blocksOf(instruction)) !== CONTINUE_INSTRUCTION) return undefined;
  const writtenSoFar = textOf(blocksOf(cut));
  const whole = textOf(demoStep(readTurn(messages.slice(0, -2), options)).blocks);
  if (whole.length > writtenSoFar.length && whole.startsWith(writtenSoFar)) return done(text(whole.slice(writtenSoFar.length)));
  return done(text('\n\n*The demo model cannot pick up an answer it did not write itself. With Claude, Continue writes on from the last word.*'));
}

/** The demo's answer to a request: the rest of a cut-off answer, or the next step of the turn. */
export function demoAnswer(messages: readonly DemoMessage[], options: { thinking: boolean; offeredTools: readonly string[] }): DemoOutput {
  return continuation(messages, options) ?? demoStep(readTurn(messages, options));
}
