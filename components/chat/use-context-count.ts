'use client';

import { useEffect, useState } from 'react';
import { api } from '@/lib/api-client';

/**
 * Anthropic's count of the conversation's context on `model`, asked again whenever `refreshKey`
 * changes (an answer ended, the conversation changed) and never while it is undefined (an answer
 * streams, nothing is saved yet). The last count stays until the next one arrives; a refused count
 * (a rate limit, Claude unreachable) leaves it as it was.
 */
export function useContextCount(conversationId: string, model: string, refreshKey: string | undefined): number | undefined {
  const [tokens, setTokens] = useState<number>();
  useEffect(() => {
    if (refreshKey === undefined) return;
    const controller = new AbortController();
    api
      .countContext(conversationId, model, controller.signal)
      .then((counted) => {
        if (counted.ok) setTokens(counted.data.inputTokens);
      })
      // Aborted: a newer count replaced this one.
      .catch(() => undefined);
    return () => controller.abort();
  }, [conversationId, model, refreshKey]);
  return tokens;
}
