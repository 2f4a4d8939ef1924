import { describe, expect, it } from 'vitest';
import { CONTINUE_INSTRUCTION } from '../anthropic/wire';
import {
  toAnthropicMessages,
  toContinuationMessages,
  type ConversationForClaude,
  type ConversationMessage as ChatRequestMessage,
  type FileBytes,
  deniedCallText,
} from './to-anthropic';

const user = (id: string, text: string): ChatRequestMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const conversation = (...messages: ChatRequestMessage[]): ConversationForClaude => ({ messages, files: new Map() });
const assistant = (id: string, ...texts: string[]): ChatRequestMessage => ({
  id,
  role: 'assistant',
  parts: [{ type: 'step-start' }, ...texts.map((text) => ({ type: 'text' as const, text }))],
});

describe('toAnthropicMessages', () => {
  it('keeps text exactly, including whitespace', () => {
    expect(toAnthropicMessages(conversation(user('1', '  two spaces\n\nand a blank line ')))).toEqual([
      { role: 'user', content: [{ type: 'text', text: '  two spaces\n\nand a blank line ' }] },
    ]);
  });

  it('drops an answer stopped before its first token, and merges the user turns around it', () => {
    expect(toAnthropicMessages(conversation(user('1', 'first'), assistant('2'), user('3', 'second')))).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] },
    ]);
  });

  it('alternates roles and starts with the user', () => {
    const result = toAnthropicMessages(conversation(assistant('0', 'stray'), user('1', 'q'), assistant('2', 'a'), user('3', 'q2')));
    expect(result.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });
});

describe('toAnthropicMessages with tool calls in history', () => {
  it('rebuilds each step as a tool_use turn followed by its tool_result turn', () => {
    const history: ChatRequestMessage[] = [
      user('1', 'Weather in Paris and 2^64?'),
      {
        id: '2',
        role: 'assistant',
        parts: [
          { type: 'step-start' },
          { type: 'reasoning', text: 'I will use tools.', providerMetadata: { anthropic: { signature: 'sig-1' } } },
          { type: 'reasoning', text: 'unsigned, so it cannot go back' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool-get_weather', toolCallId: 'toolu_a', state: 'output-available', input: { location: 'Paris' }, output: { temp: 18 } },
          { type: 'tool-calculate', toolCallId: 'toolu_b', state: 'output-error', input: { expression: '1/' }, errorText: 'Syntax error' },
          { type: 'step-start' },
          { type: 'text', text: 'It is 18 °C.' },
        ],
      },
      user('3', 'Thanks'),
    ];
    expect(toAnthropicMessages(conversation(...history))).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and 2^64?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I will use tools.', signature: 'sig-1' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { location: 'Paris' } },
          { type: 'tool_use', id: 'toolu_b', name: 'calculate', input: { expression: '1/' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: '{"temp":18}' },
          { type: 'tool_result', tool_use_id: 'toolu_b', content: 'Syntax error', is_error: true },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'It is 18 °C.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('answers a tool call that never ran, so the next turn is valid', () => {
    const result = toAnthropicMessages(conversation(
      user('1', 'Loop'),
      { id: '2', role: 'assistant', parts: [{ type: 'step-start' }, { type: 'tool-get_current_time', toolCallId: 'toolu_x', state: 'input-available', input: { timezone: 'UTC' } }] },
      user('3', 'Go on'),
    ));
    expect(result.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_x', content: 'Not run: the answer was interrupted.', is_error: true },
        { type: 'text', text: 'Go on' },
      ],
    });
  });

  it('leaves out server tools and forged tool ids', () => {
    const result = toAnthropicMessages(conversation(
      user('1', 'Search'),
      {
        id: '2',
        role: 'assistant',
        parts: [
          { type: 'dynamic-tool', toolName: 'web_search', toolCallId: 'srvtoolu_1', state: 'output-available', input: {}, output: [], providerExecuted: true },
          { type: 'tool-calculate', toolCallId: 'bad id!', state: 'output-available', input: {}, output: 1 },
          { type: 'text', text: 'Found it.' },
        ],
      },
      user('3', 'ok'),
    ));
    expect(result[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Found it.' }] });
  });

  it('sends an MCP server\'s calls back like Rill\'s own, a denied one as a tool error', () => {
    const result = toAnthropicMessages(conversation(
      user('1', 'Note this'),
      {
        id: '2',
        role: 'assistant',
        parts: [
          { type: 'step-start' },
          { type: 'dynamic-tool', toolName: 'notes__add_note', title: 'Team notes', toolCallId: 'toolu_a', state: 'output-available', input: { text: 'milk' }, output: { content: [{ type: 'text', text: 'Saved' }] } },
          { type: 'dynamic-tool', toolName: 'notes__delete_note', title: 'Team notes', toolCallId: 'toolu_b', state: 'output-denied', input: { id: 1 }, approval: { id: 'a1', approved: false } },
          { type: 'step-start' },
          { type: 'text', text: 'Saved it, and left note 1 alone.' },
        ],
      },
    ));
    expect(result.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_a', name: 'notes__add_note', input: { text: 'milk' } },
          { type: 'tool_use', id: 'toolu_b', name: 'notes__delete_note', input: { id: 1 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: JSON.stringify({ content: [{ type: 'text', text: 'Saved' }] }) },
          { type: 'tool_result', tool_use_id: 'toolu_b', content: deniedCallText('notes__delete_note'), is_error: true },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Saved it, and left note 1 alone.' }] },
    ]);
  });
});

describe('toAnthropicMessages with attachments', () => {
  const png = 'iVBORw0KGgo=';
  const pdf = 'JVBERi0xLjQK';

  it('sends attached files as image and document blocks before the text', () => {
    const files = new Map<string, FileBytes>([
      ['/api/attachments/cat-0001', { mediaType: 'image/png', data: png }],
      ['/api/attachments/paper-0001', { mediaType: 'application/pdf', data: pdf }],
    ]);
    const message: ChatRequestMessage = {
      id: '1',
      role: 'user',
      parts: [
        { type: 'text', text: 'Compare these' },
        { type: 'file', mediaType: 'image/png', filename: 'cat.png', url: '/api/attachments/cat-0001' },
        { type: 'file', mediaType: 'application/pdf', filename: 'paper.pdf', url: '/api/attachments/paper-0001' },
      ],
    };
    expect(toAnthropicMessages({ messages: [message], files })).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf }, title: 'paper.pdf' },
          { type: 'text', text: 'Compare these' },
        ],
      },
    ]);
  });

  it('never passes on a URL to fetch, nor bytes a part only claims to carry', () => {
    const files = new Map<string, FileBytes>([['/api/attachments/cat-0001', { mediaType: 'image/png', data: png }]]);
    const message: ChatRequestMessage = {
      id: '1',
      role: 'user',
      parts: [
        { type: 'file', mediaType: 'image/png', url: '/api/attachments/0b7d3c5e-2f41' },
        { type: 'file', mediaType: 'image/png', url: 'https://evil.example/cat.png' },
        { type: 'file', mediaType: 'text/html', url: 'data:text/html;base64,PHNjcmlwdD4=' },
        { type: 'file', mediaType: 'image/svg+xml', url: 'data:image/svg+xml;base64,PHN2Zz4=' },
        { type: 'file', mediaType: 'image/png', url: `data:image/png;base64,${png}` },
        { type: 'text', text: 'hi' },
      ],
    };
    expect(toAnthropicMessages({ messages: [message], files })).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });
});

describe('toContinuationMessages', () => {
  const question = user('1', 'Tell me a story');

  it('hands the cut-off answer over as a prefill, without its trailing whitespace or its thinking', () => {
    const cutOff: ChatRequestMessage = {
      id: '2',
      role: 'assistant',
      parts: [
        { type: 'step-start' },
        { type: 'reasoning', text: 'A river story.', providerMetadata: { anthropic: { signature: 'sig' } } },
        { type: 'text', text: 'Once upon a time, ' },
        { type: 'text', text: 'a river \n' },
      ],
    };
    expect(toContinuationMessages(conversation(question, cutOff), { prefill: true })).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Tell me a story' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Once upon a time, ' }, { type: 'text', text: 'a river' }] },
    ]);
  });

  it('keeps earlier tool rounds as they were and prefills only the last step', () => {
    const cutOff: ChatRequestMessage = {
      id: '2',
      role: 'assistant',
      parts: [
        { type: 'step-start' },
        { type: 'tool-get_weather', toolCallId: 'toolu_1', state: 'output-available', input: { city: 'Paris' }, output: { temperature: 21 } },
        { type: 'step-start' },
        { type: 'text', text: 'It is 21 °C and ' },
      ],
    };
    const messages = toContinuationMessages(conversation(question, cutOff), { prefill: true });
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(messages.at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'It is 21 °C and' }] });
  });

  it('asks in a user turn of its own when the model takes no prefill, the answer and its thinking left as they were', () => {
    const cutOff: ChatRequestMessage = {
      id: '2',
      role: 'assistant',
      parts: [
        { type: 'step-start' },
        { type: 'reasoning', text: 'A river story.', providerMetadata: { anthropic: { signature: 'sig' } } },
        { type: 'text', text: 'Once upon a time ' },
      ],
    };
    expect(toContinuationMessages(conversation(question, cutOff), { prefill: false })).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Tell me a story' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'A river story.', signature: 'sig' },
          { type: 'text', text: 'Once upon a time ' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: CONTINUE_INSTRUCTION }] },
    ]);
  });

  it('adds nothing when the answer ended on tool calls or wrote nothing: Claude answers on from there', () => {
    const onTools: ChatRequestMessage = {
      id: '2',
      role: 'assistant',
      parts: [
        { type: 'step-start' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool-get_weather', toolCallId: 'toolu_1', state: 'output-error', input: { city: 'Paris' }, errorText: 'Stopped before it finished.' },
      ],
    };
    for (const prefill of [true, false]) {
      expect(toContinuationMessages(conversation(question, onTools), { prefill })).toEqual(toAnthropicMessages(conversation(question, onTools)));
      expect(toContinuationMessages(conversation(question, assistant('2')), { prefill })).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Tell me a story' }] },
      ]);
    }
  });
});
