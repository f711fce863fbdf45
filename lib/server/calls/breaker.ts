import "server-only";
import { shared } from "./state";

/**
 * A circuit breaker per target (provider + model), per instance, shared by the playground
 * and the gateway: 3 outages within 30 s open it (refusals never count); it stays open for
 * a cooldown of 30 s, doubling after each failed trial up to 5 minutes; then one trial
 * request is let through (half-open): its success closes the breaker, its failure opens it
 * again. An open target is skipped with "circuit open".
 */

export const BREAKER = { threshold: 3, windowMs: 30_000, cooldownMs: 30_000, maxCooldownMs: 300_000 } as const;

/** What a breaker looks like from outside. */
export type BreakerView =
  | { state: "closed"; recentOutages: number }
  | { state: "open"; until: number; lastReason: string }
  | { state: "half-open"; lastReason: string };

type Breaker = {
  outages: number[];
  openUntil: number | null;
  cooldownMs: number;
  trialInFlight: boolean;
  lastReason: string;
};

const breakers = shared("breakers", () => new Map<string, Breaker>());
const keyOf = (providerId: string, model: string) => `${providerId}\u0000${model}`;

function get(key: string): Breaker {
  let b = breakers.get(key);
  if (!b) {
    b = { outages: [], openUntil: null, cooldownMs: BREAKER.cooldownMs, trialInFlight: false, lastReason: "" };
    breakers.set(key, b);
  }
  return b;
}

/**
 * Whether a call to the target may go ahead now. When the cooldown is over, the first
 * caller gets the trial (and must report its outcome); others are refused until it does.
 */
export function admit(
  providerId: string,
  model: string,
  now = Date.now(),
): { ok: true; trial: boolean } | { ok: false; until: number | null; reason: string } {
  const b = breakers.get(keyOf(providerId, model));
  if (!b || b.openUntil === null) return { ok: true, trial: false };
  if (now < b.openUntil) return { ok: false, until: b.openUntil, reason: b.lastReason };
  if (b.trialInFlight) return { ok: false, until: null, reason: b.lastReason };
  b.trialInFlight = true;
  return { ok: true, trial: true };
}

/** The call succeeded (or was refused: the provider answered): the breaker closes. */
export function recordSuccess(providerId: string, model: string): void {
  const key = keyOf(providerId, model);
  if (!breakers.has(key)) return;
  breakers.delete(key);
}

/** The call failed with an outage (or auth). Opens the breaker at the threshold, or again after a failed trial. */
export function recordOutage(providerId: string, model: string, reason: string, now = Date.now()): void {
  const b = get(keyOf(providerId, model));
  b.lastReason = reason;
  if (b.openUntil !== null) {
    // A failed trial: open again, for twice as long.
    b.cooldownMs = Math.min(b.cooldownMs * 2, BREAKER.maxCooldownMs);
    b.openUntil = now + b.cooldownMs;
    b.trialInFlight = false;
    return;
  }
  b.outages = [...b.outages.filter((t) => now - t < BREAKER.windowMs), now];
  if (b.outages.length >= BREAKER.threshold) {
    b.openUntil = now + b.cooldownMs;
    b.outages = [];
  }
}

/** A trial that ended without an outcome (aborted by the caller): the next caller may try. */
export function releaseTrial(providerId: string, model: string): void {
  const b = breakers.get(keyOf(providerId, model));
  if (b) b.trialInFlight = false;
}

/** The breaker of a target as the dashboard shows it. */
export function breakerState(providerId: string, model: string, now = Date.now()): BreakerView {
  const b = breakers.get(keyOf(providerId, model));
  if (!b || b.openUntil === null)
    return { state: "closed", recentOutages: b?.outages.filter((t) => now - t < BREAKER.windowMs).length ?? 0 };
  if (now < b.openUntil) return { state: "open", until: b.openUntil, lastReason: b.lastReason };
  return { state: "half-open", lastReason: b.lastReason };
}

/** Forgets every breaker (tests that reuse one failing target across cases). */
export function resetBreakers(): void {
  breakers.clear();
}
