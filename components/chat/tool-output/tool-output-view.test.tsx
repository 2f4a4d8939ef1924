import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { offlineWeatherReport } from '@/lib/tools/offline-weather';
import { formattedToolOutput } from './tool-output-view';

type Finished = Parameters<typeof formattedToolOutput>[0];

const text = (part: Finished) => renderToStaticMarkup(<>{formattedToolOutput(part)}</>).replace(/<[^>]+>/g, '');

describe('formattedToolOutput', () => {
  it('shows the weather as a reader wants it: place, temperature, conditions and the next days', () => {
    const report = offlineWeatherReport('Paris', 'celsius', new Date('2026-05-14T13:00:00Z'));
    const shown = text({ type: 'tool-get_weather', toolCallId: 't1', state: 'output-available', input: { location: 'Paris' }, output: report });
    expect(shown).toContain('Paris, Île-de-France, France: 14.2°C, Overcast');
    expect(shown).toContain('Feels like 12.9°C · humidity 71% · wind 11.2 km/h');
    expect(shown).toContain('2026-05-15Slight rain9.1–14.3°C');
  });

  it('shows a calculation and a time in one line each', () => {
    expect(
      text({ type: 'tool-calculate', toolCallId: 't2', state: 'output-available', input: {}, output: { expression: '2^10', result: '1024', type: 'number' } }),
    ).toBe('2^10 = 1024');
    const time = { timezone: 'Asia/Tokyo', iso: '2026-11-25T15:04:05+09:00', local: 'Wednesday, 25 November 2026, 15:04:05', utcOffset: '+09:00' };
    expect(text({ type: 'tool-get_current_time', toolCallId: 't3', state: 'output-available', input: {}, output: time })).toBe(
      'Wednesday, 25 November 2026, 15:04:05 (Asia/Tokyo, UTC+09:00)',
    );
  });

  it('links web search results to their pages, and never to a script URL', () => {
    const html = renderToStaticMarkup(
      <>
        {formattedToolOutput({
          type: 'dynamic-tool',
          toolName: 'web_search',
          toolCallId: 's1',
          state: 'output-available',
          input: { query: 'rill' },
          output: [
            { type: 'web_search_result', url: 'https://example.com/a', title: 'A' },
            { type: 'web_search_result', url: 'javascript:alert(1)', title: 'B' },
          ],
          providerExecuted: true,
        })}
      </>,
    );
    expect(html).toContain('<a href="https://example.com/a"');
    expect(html).toContain('>A</a>');
    expect(html).not.toContain('javascript:');
  });

  it('has no view for other server tools or a search without pages: the card shows their JSON', () => {
    const dynamic = (toolName: string, output: unknown): Finished => ({
      type: 'dynamic-tool',
      toolName,
      toolCallId: 's2',
      state: 'output-available',
      input: {},
      output,
      providerExecuted: true,
    });
    expect(formattedToolOutput(dynamic('code_execution', { stdout: '42' }))).toBeNull();
    expect(formattedToolOutput(dynamic('web_search', []))).toBeNull();
  });

  it("shows an MCP tool's text blocks as text, and leaves anything else to the JSON", () => {
    const mcp = (output: unknown): Finished => ({ type: 'dynamic-tool', toolName: 'notes__add_note', title: 'Team notes', toolCallId: 'm1', state: 'output-available', input: {}, output });
    const answer = { content: [{ type: 'text', text: 'Saved note 1: hi' }, { type: 'image', data: 'AAAA', mimeType: 'image/png' }, { type: 'text', text: 'Done.' }] };
    expect(text(mcp(answer))).toBe('Saved note 1: hi\n\nDone.');
    expect(formattedToolOutput(mcp({ content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }] }))).toBeNull();
    expect(formattedToolOutput(mcp({ structuredContent: { id: 1 } }))).toBeNull();
  });
});
