import 'server-only';
import { anthropic, isDemoMode } from '../anthropic/client';
import { recordSpend } from '../budget';
import { env } from '../env';
import { applyUsageReport, ZERO_USAGE } from '../usage';

const MAX_TITLE_CHARS = 60;

/**
 * The message's first phrase (up to a comma or the end of a sentence) when it is short enough,
 * else its first words and an ellipsis, on one line: the title from the moment the message is
 * saved (so that a chat whose answer failed is not one more "New chat"), in demo mode, and
 * whenever the model call fails.
 */
export function titleFromText(text: string): string {
  const words = text.replace(/\[\[[^\]]*\]\]/g, ' ').trim().split(/\s+/).filter(Boolean);
  const phraseEnd = words.findIndex((word) => /[,;:.?!]$/.test(word));
  const phrase = words.slice(0, phraseEnd < 0 ? words.length : phraseEnd + 1).join(' ').replace(/[,;:.]$/, '');
  if (phrase.length <= MAX_TITLE_CHARS) return phrase || 'Untitled chat';
  let title = '';
  for (const word of words) {
    if (`${title} ${word}`.length > MAX_TITLE_CHARS - 1) break;
    title = title ? `${title} ${word}` : word;
  }
  return `${title.replace(/[,;:.]$/, '') || words[0]!.slice(0, MAX_TITLE_CHARS - 1)}…`;
}

/**
 * A short title for a conversation, from its first message: a quick call to a small model when
 * there is a key, which counts against the owner's budget like any other.
 */
export async function generateTitle(ownerId: string, userText: string, signal?: AbortSignal): Promise<string> {
  if (isDemoMode) return titleFromText(userText);
  try {
    const response = await anthropic.messages.create(
      {
        model: env.RILL_TITLE_MODEL,
        max_tokens: 24,
        messages: [
          {
            role: 'user',
            content: `Write a title of three to six words for a conversation that begins with the message below. Reply with the title only, no quotes.\n\n<message>\n${userText.slice(0, 2_000)}\n</message>`,
          },
        ],
      },
      { signal, maxRetries: 0, timeout: 10_000 },
    );
    void recordSpend(ownerId, env.RILL_TITLE_MODEL, { usage: applyUsageReport(ZERO_USAGE, response.usage), webSearches: 0 });
    const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('').trim();
    const title = text.replace(/^["'“”]+|["'“”.]+$/g, '').split('\n')[0]?.trim() ?? '';
    return title ? title.slice(0, MAX_TITLE_CHARS) : titleFromText(userText);
  } catch {
    return titleFromText(userText);
  }
}
