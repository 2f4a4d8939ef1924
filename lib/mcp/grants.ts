// "Always allow": the MCP tools a person lets run without asking, one row per server and tool.
// An approval answered with allow-always adds one (lib/mcp/approvals); Settings lists them and
// takes them back.
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDatabase } from '../db/client';
import { mcpToolGrants } from '../db/schema';
import type { ServerKey } from './types';

export type ToolGrant = { serverKey: ServerKey; toolName: string };

const ofTool = (ownerId: string, serverKey: ServerKey, toolName: string) =>
  and(eq(mcpToolGrants.ownerId, ownerId), eq(mcpToolGrants.serverKey, serverKey), eq(mcpToolGrants.toolName, toolName));

/** Whether the person chose "Always allow" for this tool of this server. */
export async function hasGrant(ownerId: string, serverKey: ServerKey, toolName: string): Promise<boolean> {
  const db = await getDatabase();
  const [grant] = await db.select({ ownerId: mcpToolGrants.ownerId }).from(mcpToolGrants).where(ofTool(ownerId, serverKey, toolName));
  return grant !== undefined;
}

/** Every tool the person always allows, oldest first. */
export async function listGrants(ownerId: string): Promise<ToolGrant[]> {
  const db = await getDatabase();
  const rows = await db
    .select({ serverKey: mcpToolGrants.serverKey, toolName: mcpToolGrants.toolName })
    .from(mcpToolGrants)
    .where(eq(mcpToolGrants.ownerId, ownerId))
    .orderBy(mcpToolGrants.createdAt, mcpToolGrants.serverKey, mcpToolGrants.toolName);
  return rows.map((row) => ({ serverKey: row.serverKey as ServerKey, toolName: row.toolName }));
}

/** "Ask every time" again; false when the person had no such grant. */
export async function revokeGrant(ownerId: string, serverKey: ServerKey, toolName: string): Promise<boolean> {
  const db = await getDatabase();
  const removed = await db.delete(mcpToolGrants).where(ofTool(ownerId, serverKey, toolName)).returning({ toolName: mcpToolGrants.toolName });
  return removed.length > 0;
}

/** A person's servers go, on removal, with what was allowed for them. */
export async function revokeServerGrants(ownerId: string, serverKey: ServerKey): Promise<void> {
  const db = await getDatabase();
  await db.delete(mcpToolGrants).where(and(eq(mcpToolGrants.ownerId, ownerId), eq(mcpToolGrants.serverKey, serverKey)));
}

/** On sign-in, a guest's grants join the account's (those the account has already stay as they are). */
export async function moveGrants(fromOwner: string, toOwner: string): Promise<void> {
  const db = await getDatabase();
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into ${mcpToolGrants} (owner_id, server_key, tool_name, created_at)
      select ${toOwner}, server_key, tool_name, created_at from ${mcpToolGrants} where owner_id = ${fromOwner}
      on conflict do nothing`);
    await tx.delete(mcpToolGrants).where(eq(mcpToolGrants.ownerId, fromOwner));
  });
}
