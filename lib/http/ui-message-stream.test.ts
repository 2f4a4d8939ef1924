import { describe, expect, it } from 'vitest';
import { createMemoryStreamRegistry } from '../live-answers/memory';
import { uiMessageStreamResponse } from './ui-message-stream';

describe('a running answer as a response', () => {
  it('refuses a reader beyond the cap with a 429, and takes one again once a reader leaves', async () => {
    const registry = createMemoryStreamRegistry<{ type: string }>({ maxReadersPerStream: 2 });
    const writer = await registry.create('owner:conversation', 'stream-1');
    writer.write({ type: 'start' });
    const open = () => uiMessageStreamResponse((signal) => registry.readSerialised('stream-1', 0, signal));

    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    const refused = await open();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { type: 'too_many_readers' } });

    await first.body!.cancel();
    expect((await open()).status).toBe(200);
    await writer.end();
    expect(await second.text()).toBe('data: {"type":"start"}\n\ndata: [DONE]\n\n');
  });

  it('answers 204 when there is nothing to read, as useChat resume expects', async () => {
    const registry = createMemoryStreamRegistry<{ type: string }>({});
    const response = await uiMessageStreamResponse((signal) => registry.readSerialised('no-such-stream', 0, signal));
    expect(response.status).toBe(204);
  });
});
