import type { ReactNode } from 'react';
import { safeHref } from '@/lib/markdown/safe-href';
import type { RillToolPart } from '@/lib/protocol/message-metadata';
import type { CalculationResult } from '@/lib/tools/calculate';
import type { CurrentTime } from '@/lib/tools/get-current-time';
import type { WeatherReport } from '@/lib/tools/get-weather';

function WeatherView({ report }: { report: WeatherReport }) {
  const { location, units, current, daily } = report;
  const place = [location.name, location.region, location.country].filter(Boolean).join(', ');
  return (
    <div className="space-y-2">
      <p>
        <span className="font-medium">{place}</span>: {current.temperature}
        {units.temperature}, {current.conditions}
      </p>
      <p className="text-muted">
        Feels like {current.apparentTemperature}
        {units.temperature} · humidity {current.humidity}% · wind {current.windSpeed} {units.windSpeed}
      </p>
      {daily.length > 0 && (
        <ul className="grid grid-cols-3 gap-2">
          {daily.map((day) => (
            <li key={day.date} className="rounded-md bg-code-bg p-2 text-xs">
              <span className="block font-medium">{day.date}</span>
              <span className="block">{day.conditions}</span>
              <span className="block tabular-nums">
                {day.low}–{day.high}
                {units.temperature}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CalculationView({ calculation }: { calculation: CalculationResult }) {
  return (
    <p className="font-mono">
      {calculation.expression} = <span className="font-semibold">{calculation.result}</span>
    </p>
  );
}

function TimeView({ time }: { time: CurrentTime }) {
  return (
    <p>
      <span className="font-medium">{time.local}</span>{' '}
      <span className="text-muted">
        ({time.timezone}, UTC{time.utcOffset})
      </span>
    </p>
  );
}

type WebLink = { url: string; title: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The pages of a web search's results, or the page fetched. Server tools' outputs are
 * Anthropic's content blocks passed through untyped, so they are read field by field.
 */
function webLinks(output: unknown): WebLink[] {
  return (Array.isArray(output) ? output : [output])
    .filter(isObject)
    .map((item) => ({ url: text(item.url), title: text(item.title) || text(item.url) }))
    .filter((link) => link.url !== '');
}

/** Titles linking to their (checked) URLs. */
function WebResultsView({ links }: { links: WebLink[] }) {
  return (
    <ol className="list-decimal space-y-1 pl-5">
      {links.map((link, index) => {
        const href = safeHref(link.url);
        return (
          <li key={index}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-accent underline">
                {link.title}
              </a>
            ) : (
              link.title
            )}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The text an MCP tool answered: its result is `{ content, structuredContent? }`, and most tools
 * answer in text blocks. Images, resources and the like are left to the raw JSON.
 */
function mcpText(output: unknown): string {
  if (!isObject(output) || !Array.isArray(output.content)) return '';
  return output.content
    .filter(isObject)
    .filter((block) => block.type === 'text')
    .map((block) => text(block.text))
    .join('\n\n');
}

/**
 * A finished tool call's result, shown the way that suits its tool; null when the tool has no
 * view of its own, so that the card shows the result as JSON instead.
 */
export function formattedToolOutput(part: Extract<RillToolPart, { state: 'output-available' }>): ReactNode {
  switch (part.type) {
    case 'tool-get_weather':
      return <WeatherView report={part.output} />;
    case 'tool-calculate':
      return <CalculationView calculation={part.output} />;
    case 'tool-get_current_time':
      return <TimeView time={part.output} />;
    case 'dynamic-tool': {
      // An MCP tool's part bears its server's title; Claude's own server tools have none.
      if (part.title) {
        const answer = mcpText(part.output);
        return answer ? <p className="whitespace-pre-wrap break-words">{answer}</p> : null;
      }
      if (part.toolName !== 'web_search' && part.toolName !== 'web_fetch') return null;
      const links = webLinks(part.output);
      return links.length > 0 ? <WebResultsView links={links} /> : null;
    }
    default:
      // A tool Rill no longer has, in a saved conversation.
      return null;
  }
}
