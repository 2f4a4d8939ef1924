import 'server-only';
import { sql } from 'drizzle-orm';
import { getDatabase } from '../db/client';
import { checkLiveAnswers, isDraining } from '../live-answers';

export type Readiness = { ready: true } | { ready: false; type: 'shutting_down' | 'database_unavailable' | 'redis_unavailable'; message: string };

const PROBE_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS).unref())]);
}

/**
 * Whether this instance should be sent requests: it is not shutting down, its database
 * answers a query, and (with REDIS_URL) Redis answers too. A load balancer stops routing to
 * an instance that is not ready; it restarts one only when liveness fails.
 */
export async function readiness(): Promise<Readiness> {
  if (isDraining()) return { ready: false, type: 'shutting_down', message: 'This instance is shutting down.' };
  try {
    await within(getDatabase().then((db) => db.execute(sql`select 1`)));
  } catch {
    return { ready: false, type: 'database_unavailable', message: 'The database is not open yet, or not reachable.' };
  }
  try {
    await within(checkLiveAnswers());
  } catch {
    return { ready: false, type: 'redis_unavailable', message: 'Redis (REDIS_URL) is not reachable.' };
  }
  return { ready: true };
}
