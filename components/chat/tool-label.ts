import { getToolName } from 'ai';
import type { RillToolPart } from '@/lib/protocol/message-metadata';

/** How a tool call is named in its card: an MCP tool by its server's title and its own name. */
export type ToolLabel = { server?: string; tool: string };

/**
 * An MCP tool's part is a `dynamic-tool` part titled with its server's name, and Claude knows the
 * tool as `<prefix>__<tool>`: the card shows the name the server gave it. Claude's own server
 * tools (web search) are untitled dynamic parts and keep their name.
 */
export function toolLabel(part: RillToolPart): ToolLabel {
  const name = getToolName(part);
  if (part.type !== 'dynamic-tool' || !part.title) return { tool: name };
  const separator = name.indexOf('__');
  return { server: part.title, tool: separator < 0 ? name : name.slice(separator + 2) };
}
