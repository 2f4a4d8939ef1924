import { safeHref } from '@/lib/markdown/safe-href';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function WeatherView({ output }: { output: Json }) {
  const location = isObject(output.location) ? output.location : {};
  const units = isObject(output.units) ? output.units : {};
  const current = isObject(output.current) ? output.current : {};
  const daily = Array.isArray(output.daily) ? output.daily.filter(isObject) : [];
  const place = [location.name, location.region, location.country].map(text).filter(Boolean).join(', ');
  const degrees = text(units.temperature);
  return (
    <div className="space-y-2">
      <p>
        <span className="font-medium">{place}</span>: {text(current.temperature)}
        {degrees}, {text(current.conditions)}
      </p>
      <p className="text-muted">
        Feels like {text(current.apparentTemperature)}
        {degrees} · humidity {text(current.humidity)}% · wind {text(current.windSpeed)} {text(units.windSpeed)}
      </p>
      {daily.length > 0 && (
        <ul className="grid grid-cols-3 gap-2">
          {daily.map((day) => (
            <li key={text(day.date)} className="rounded-md bg-code-bg p-2 text-xs">
              <span className="block font-medium">{text(day.date)}</span>
              <span className="block">{text(day.conditions)}</span>
              <span className="block tabular-nums">
                {text(day.low)}–{text(day.high)}
                {degrees}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CalculationView({ output }: { output: Json }) {
  return (
    <p className="font-mono">
      {text(output.expression)} = <span className="font-semibold">{text(output.result)}</span>
    </p>
  );
}

function TimeView({ output }: { output: Json }) {
  return (
    <p>
      <span className="font-medium">{text(output.local)}</span>{' '}
      <span className="text-muted">
        ({text(output.timezone)}, UTC{text(output.utcOffset)})
      </span>
    </p>
  );
}

/** Web search results and fetched pages: titles linking to their (checked) URLs. */
function WebResultsView({ output }: { output: unknown }) {
  const items = (Array.isArray(output) ? output : isObject(output) ? [output] : []).filter(isObject);
  const links = items
    .map((item) => ({ url: text(item.url), title: text(item.title) || text(item.url) }))
    .filter((item) => item.url);
  if (links.length === 0) return null;
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

/** The result of a tool call, shown the way that suits the tool; null when there is no special view. */
export function ToolOutputView({ toolName, output }: { toolName: string; output: unknown }) {
  switch (toolName) {
    case 'get_weather':
      return isObject(output) ? <WeatherView output={output} /> : null;
    case 'calculate':
      return isObject(output) ? <CalculationView output={output} /> : null;
    case 'get_current_time':
      return isObject(output) ? <TimeView output={output} /> : null;
    case 'web_search':
    case 'web_fetch':
      return <WebResultsView output={output} />;
    default:
      return null;
  }
}
