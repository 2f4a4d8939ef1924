/**
 * How much of each input Rill accepts, in one place: what the routes' schemas refuse with a
 * 4xx, and what the database layer clamps to. Attachments have their own rules, shared with
 * the composer (lib/attachments/rules.ts).
 */

/** The chat request: the new message, its file references and the conversation's settings. */
export const MAX_CHAT_REQUEST_BYTES = 1024 * 1024;
/** Every other JSON body (stop, rename, compact, sign-in) is a few fields. */
export const MAX_SMALL_REQUEST_BYTES = 4 * 1024;
/** A body that carries a long prompt (custom instructions, a chat's system prompt): room for its longest text, escaped. */
export const MAX_PROMPT_REQUEST_BYTES = 128 * 1024;
/** A connector's bearer token (some are long JWTs) and, for the request that adds it, room for its name and URL. */
export const MAX_BEARER_TOKEN_CHARS = 8_000;
export const MAX_CONNECTOR_REQUEST_BYTES = 16 * 1024;

export const MAX_MESSAGE_CHARS = 200_000;
export const MAX_SYSTEM_PROMPT_CHARS = 20_000;
/** A person's custom instructions, read before every chat of theirs (lib/instructions). */
export const MAX_INSTRUCTIONS_CHARS = 10_000;
export const MAX_FILENAME_CHARS = 255;
export const MAX_PASSWORD_CHARS = 1_000;

/** A conversation's title, in code points: longer ones are cut when saved. */
export const MAX_TITLE_CHARS = 200;

/** The conversation list: a page, its search text and the cursor to the next page. */
export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;
export const MAX_SEARCH_CHARS = 200;
export const MAX_CURSOR_CHARS = 500;
