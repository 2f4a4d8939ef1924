/**
 * What Claude is told before a conversation begins: the person's custom instructions, kept with
 * their identity or account and read by the server at answer time (never taken from the
 * browser), and each chat's own system prompt, kept in its settings.
 */
import 'server-only';
import { z } from 'zod';
import { getDatabase } from '../db/client';
import { MAX_INSTRUCTIONS_CHARS, MAX_SYSTEM_PROMPT_CHARS } from '../limits';
import { moveInstructions, readInstructions, writeConversationSystem, writeInstructions } from './store';

export const instructionsInputSchema = z.object({ instructions: z.string().max(MAX_INSTRUCTIONS_CHARS) });
export const chatPromptSchema = z.string().max(MAX_SYSTEM_PROMPT_CHARS);

export async function ownerInstructions(ownerId: string): Promise<string> {
  return readInstructions(await getDatabase(), ownerId);
}

export async function saveInstructions(ownerId: string, instructions: string): Promise<void> {
  await writeInstructions(await getDatabase(), ownerId, instructions);
}

/** A guest who signs in: their instructions go to the account, unless it has its own. */
export async function moveGuestInstructions(guestId: string, accountId: string): Promise<void> {
  await moveInstructions(await getDatabase(), guestId, accountId);
}

/** Changes a saved chat's system prompt without sending a message. False when the chat is not the owner's. */
export async function saveChatPrompt(ownerId: string, conversationId: string, system: string): Promise<boolean> {
  return writeConversationSystem(await getDatabase(), ownerId, conversationId, system);
}
