import { describe, expect, it } from 'vitest';
import { publicOrigin } from './hosts';

describe('publicOrigin', () => {
  it('is the host the browser used, not the one Rill listens on', () => {
    const request = new Request('http://localhost:3399/api/mcp/servers/abc/authorize', { headers: { host: '127.0.0.1:3399' } });
    expect(publicOrigin(request)).toBe('http://127.0.0.1:3399');
  });
});
