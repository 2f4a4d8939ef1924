import { describe, expect, it } from 'vitest';
import { conversationToMarkdown, exportFileName, type ExportedConversation } from './export';

const conversation: ExportedConversation = {
  id: 'c1',
  title: 'Weather in Paris',
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:01:00.000Z',
  currentPath: ['u2', 'a1'],
  messages: [
    { id: 'u1', parentId: null, role: 'user', parts: [{ type: 'text', text: 'Weather in Lyon?' }] },
    { id: 'u2', parentId: null, role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] },
    {
      id: 'a1',
      parentId: 'u2',
      role: 'assistant',
      metadata: { stopReason: 'stopped' },
      parts: [
        { type: 'reasoning', text: 'Use the tool.\nThen answer.', state: 'done' },
        {
          type: 'tool-get_weather',
          toolCallId: 't1',
          state: 'output-available',
          input: { location: 'Paris' },
          output: {
            location: { name: 'Paris', country: 'France', latitude: 48.85, longitude: 2.35, timezone: 'Europe/Paris' },
            units: { temperature: '°C', windSpeed: 'km/h' },
            current: { time: '2026-11-25T11:00', temperature: 18.4, apparentTemperature: 17.9, humidity: 60, windSpeed: 9, weatherCode: 1, conditions: 'Mainly clear' },
            daily: [],
          },
        },
        { type: 'text', text: 'It is **18.4 °C**, with ```code``` inside.' },
      ],
    },
  ],
};

describe('conversation export', () => {
  it('writes the conversation as Markdown, tool calls and thinking included', () => {
    const markdown = conversationToMarkdown(conversation);
    expect(markdown).toContain('# Weather in Paris');
    expect(markdown).toContain('## You\n\nWeather in Paris?');
    expect(markdown).toContain('> Use the tool.\n> Then answer.');
    expect(markdown).toContain('**Tool call: `get_weather`**');
    expect(markdown).toContain('"temperature": 18.4');
    expect(markdown).toContain('It is **18.4 °C**, with ```code``` inside.');
    expect(markdown).toContain('_(Stopped before the answer was complete.)_');
  });

  it('writes only the branch that was shown to Markdown', () => {
    const markdown = conversationToMarkdown(conversation);
    expect(markdown).not.toContain('Lyon');
    expect(markdown.match(/## You/g)).toHaveLength(1);
  });

  it('names the file after the title, safely', () => {
    expect(exportFileName('Weather in Paris!', 'md')).toBe('weather-in-paris.md');
    expect(exportFileName('../../etc/passwd', 'json')).toBe('etcpasswd.json');
    expect(exportFileName('日本', 'json')).toBe('conversation.json');
  });
});
