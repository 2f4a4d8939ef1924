import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { conversations, ownerPreferences } from '../db/schema';

// Every statement is scoped to an owner, like lib/db/queries: a conversation that belongs to
// someone else behaves exactly like one that does not exist.

/** The owner's custom instructions; empty when they have none. */
export async function readInstructions(db: Database, ownerId: string): Promise<string> {
  const [row] = await db.select({ instructions: ownerPreferences.instructions }).from(ownerPreferences).where(eq(ownerPreferences.ownerId, ownerId));
  return row?.instructions ?? '';
}

export async function writeInstructions(db: Database, ownerId: string, instructions: string): Promise<void> {
  await db
    .insert(ownerPreferences)
    .values({ ownerId, instructions })
    .onConflictDoUpdate({ target: ownerPreferences.ownerId, set: { instructions, updatedAt: new Date() } });
}

/**
 * Gives a guest's instructions to the account they signed in to, unless the account has its
 * own: what someone wrote on another device is not overwritten by this browser's.
 */
export async function moveInstructions(db: Database, from: string, to: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into ${ownerPreferences} (owner_id, instructions, updated_at)
      select ${to}, instructions, updated_at from ${ownerPreferences} where owner_id = ${from} and instructions <> ''
      on conflict (owner_id) do update set instructions = excluded.instructions, updated_at = excluded.updated_at
      where ${ownerPreferences}.instructions = ''`);
    await tx.delete(ownerPreferences).where(eq(ownerPreferences.ownerId, from));
  });
}

/**
 * Sets (or, when blank, removes) the system prompt in a conversation's settings, leaving its
 * other settings as they are. False when the conversation is not the owner's.
 */
export async function writeConversationSystem(db: Database, ownerId: string, conversationId: string, system: string): Promise<boolean> {
  const settings = system.trim() ? sql`${conversations.settings} || jsonb_build_object('system', ${system}::text)` : sql`${conversations.settings} - 'system'`;
  const rows = await db
    .update(conversations)
    .set({ settings })
    .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId)))
    .returning({ id: conversations.id });
  return rows.length > 0;
}
