import "server-only";
import { getDb } from "./db";

/**
 * Failed sign-ins are limited per client address: after FAILED_SIGN_INS_ALLOWED failures
 * within the window, sign-in from that address is refused (429) until the window ends.
 * Successful sign-ins do not count. Counters live in the database (better-auth's
 * rate_limit table, under their own key prefix) so several app instances share them.
 */
export const FAILED_SIGN_INS_ALLOWED = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 10 * 60 * 1000;

const keyFor = (ip: string) => `failed-sign-in:${ip}`;

/** The client address as the reverse proxy / Next.js server reports it (first X-Forwarded-For hop). */
export function clientAddress(headers: Headers | undefined): string {
  return headers?.get("x-forwarded-for")?.split(",")[0]?.trim() || headers?.get("x-real-ip") || "unknown";
}

/** Seconds until sign-in is allowed again from this address, or null when it is allowed now. */
export async function signInBlockedFor(ip: string, now = Date.now()): Promise<number | null> {
  const row = await getDb().rateLimit.findUnique({ where: { key: keyFor(ip) } });
  if (!row) return null;
  const windowEnd = Number(row.lastRequest) + FAILED_SIGN_IN_WINDOW_MS;
  if (now >= windowEnd || row.count < FAILED_SIGN_INS_ALLOWED) return null;
  return Math.ceil((windowEnd - now) / 1000);
}

/** Counts one failed sign-in; `lastRequest` holds the start of the current window. */
export async function recordFailedSignIn(ip: string, now = Date.now()): Promise<void> {
  const db = getDb();
  const key = keyFor(ip);
  const row = await db.rateLimit.findUnique({ where: { key } });
  if (!row || now - Number(row.lastRequest) >= FAILED_SIGN_IN_WINDOW_MS) {
    await db.rateLimit.upsert({
      where: { key },
      create: { id: key, key, count: 1, lastRequest: BigInt(now) },
      update: { count: 1, lastRequest: BigInt(now) },
    });
  } else {
    await db.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
  }
}
