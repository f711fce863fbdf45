import "server-only";
import { getDb } from "./db";

/**
 * Failed sign-ins are limited per account and per client address: after
 * FAILED_SIGN_INS_ALLOWED failures within the window for either, sign-in is refused (429)
 * until that window ends. Successful sign-ins do not count.
 *
 * The per-account count is what stops password guessing: the client address comes from
 * X-Forwarded-For, which a client can set itself unless a reverse proxy in front of the app
 * overwrites it, so the per-address count only slows down an honest-to-goodness single
 * source. The price of the per-account count is that someone who knows an email can keep
 * that account locked for the window; it never reveals whether the account exists.
 * Counters live in the database (better-auth's rate_limit table, under their own key
 * prefixes) so several app instances share them.
 */
export const FAILED_SIGN_INS_ALLOWED = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 10 * 60 * 1000;

export type SignInSubject = { email: string; address: string };

const keysFor = ({ email, address }: SignInSubject) => [
  `failed-sign-in:account:${email.trim().toLowerCase()}`,
  `failed-sign-in:address:${address}`,
];

/** The client address as reported to the app (first X-Forwarded-For hop); see the note above. */
export function clientAddress(headers: Headers | undefined): string {
  return headers?.get("x-forwarded-for")?.split(",")[0]?.trim() || headers?.get("x-real-ip") || "unknown";
}

/** Seconds until sign-in is allowed again for this account and address, or null when allowed now. */
export async function signInBlockedFor(subject: SignInSubject, now = Date.now()): Promise<number | null> {
  const rows = await getDb().rateLimit.findMany({ where: { key: { in: keysFor(subject) } } });
  const waits = rows
    .filter((r) => r.count >= FAILED_SIGN_INS_ALLOWED)
    .map((r) => Number(r.lastRequest) + FAILED_SIGN_IN_WINDOW_MS - now)
    .filter((ms) => ms > 0);
  return waits.length ? Math.ceil(Math.max(...waits) / 1000) : null;
}

/**
 * Counts one failed sign-in against the account and the address. `lastRequest` holds the
 * start of the current window; the increment is a single atomic statement, so parallel
 * failures are all counted.
 */
export async function recordFailedSignIn(subject: SignInSubject, now = Date.now()): Promise<void> {
  const db = getDb();
  for (const key of keysFor(subject)) {
    const windowStart = BigInt(now - FAILED_SIGN_IN_WINDOW_MS);
    // An expired window starts again at 1 (only rows whose window has passed match).
    await db.rateLimit.updateMany({
      where: { key, lastRequest: { lte: windowStart } },
      data: { count: 0, lastRequest: BigInt(now) },
    });
    await db.rateLimit.upsert({
      where: { key },
      create: { id: key, key, count: 1, lastRequest: BigInt(now) },
      update: { count: { increment: 1 } },
    });
  }
}
