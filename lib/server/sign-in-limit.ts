import "server-only";
import { getDb } from "./db";
import { CLIENT_ADDRESS_HEADER } from "./http/client-address";

/**
 * Failed sign-ins are limited per account and per client address: after
 * FAILED_SIGN_INS_ALLOWED failures within the window for either, sign-in is refused (429)
 * until that window ends. Successful sign-ins do not count.
 *
 * The per-account count is what stops password guessing; its price is that someone who
 * knows an email can keep that account locked for the window (it never reveals whether the
 * account exists). The per-address count uses the address the front door resolved from the
 * socket (and TRUSTED_PROXIES): a client cannot choose it. Where no front door set it (the
 * app served by `next dev`, or by `next start` directly), there is no per-address count at
 * all — a shared "unknown" bucket would let one person lock everyone out.
 * Counters live in the database (better-auth's rate_limit table, under their own key
 * prefixes) so several app instances share them.
 */
export const FAILED_SIGN_INS_ALLOWED = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 10 * 60 * 1000;

export type SignInSubject = { email: string; address: string | null };

const accountKey = (email: string) => `failed-sign-in:account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `failed-sign-in:address:${address}`;

const keysFor = ({ email, address }: SignInSubject) => [accountKey(email), ...(address ? [addressKey(address)] : [])];

/** The client address the front door resolved (see lib/server/http/client-address.ts), or null. */
export function clientAddress(headers: Headers | undefined): string | null {
  return headers?.get(CLIENT_ADDRESS_HEADER) || null;
}

/** Why sign-in is refused now: for the account or for the address, and for how long. */
export type SignInBlock = { scope: "account" | "address"; waitSeconds: number };

/** The block on this account and address, or null when sign-in is allowed now. The longer wait wins. */
export async function signInBlockedFor(subject: SignInSubject, now = Date.now()): Promise<SignInBlock | null> {
  const rows = await getDb().rateLimit.findMany({ where: { key: { in: keysFor(subject) } } });
  const blocks = rows
    .filter((r) => r.count >= FAILED_SIGN_INS_ALLOWED)
    .map((r) => ({
      scope: r.key === accountKey(subject.email) ? ("account" as const) : ("address" as const),
      ms: Number(r.lastRequest) + FAILED_SIGN_IN_WINDOW_MS - now,
    }))
    .filter((b) => b.ms > 0)
    .sort((a, b) => b.ms - a.ms);
  const longest = blocks[0];
  return longest ? { scope: longest.scope, waitSeconds: Math.ceil(longest.ms / 1000) } : null;
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
