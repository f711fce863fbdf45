import "server-only";
import { shared } from "../calls/state";
import * as repo from "./repository";

/**
 * Requests per minute per gateway key, held across instances without a database query per
 * request: each instance counts its own requests in memory and, once a second, adds them
 * to the key's shared count of the minute (one upsert per key that was used) and reads the
 * total back. A request is admitted while this instance's own count plus what the others
 * had counted at the last sync stays under the limit.
 *
 * How exact: on one instance, exact. With several, the others' requests are known as of the
 * last sync, so the limit can be overshot by what the other instances admit within about
 * one second; windows are calendar minutes (a burst across a minute boundary can see up to
 * twice the limit within sixty seconds, as with any fixed-window limiter).
 */

export const SYNC_MS = 1000;

type Count = { minute: number; mine: number; synced: number; others: number };
type State = {
  counts: Map<string, Count>;
  timer: ReturnType<typeof setInterval> | null;
  syncing: boolean;
  /** The minute whose older shared counts were last deleted. */
  prunedMinute: number;
};
const state = shared<State>("gateway-rate", () => ({
  counts: new Map(),
  timer: null,
  syncing: false,
  prunedMinute: 0,
}));

const minuteOf = (now: number) => Math.floor(now / 60_000);

/** Admits one request of `keyId` under `rpm`, or says how long until the next minute. */
export function admitRequest(
  keyId: string,
  rpm: number,
  now = Date.now(),
): { ok: true } | { ok: false; retryAfterS: number } {
  const minute = minuteOf(now);
  let c = state.counts.get(keyId);
  if (!c || c.minute !== minute) {
    c = { minute, mine: 0, synced: 0, others: 0 };
    state.counts.set(keyId, c);
  }
  if (c.mine + c.others >= rpm)
    return { ok: false, retryAfterS: Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000)) };
  c.mine++;
  startSync();
  return { ok: true };
}

/** Adds this instance's new requests to the shared counts, and learns the other instances'. */
export async function syncRateCounts(now = Date.now()): Promise<void> {
  if (state.syncing) return;
  state.syncing = true;
  try {
    const minute = minuteOf(now);
    for (const [keyId, c] of state.counts) {
      if (c.minute < minute) {
        state.counts.delete(keyId);
        continue;
      }
      const delta = c.mine - c.synced;
      const total = await repo.addRateCount(keyId, c.minute, delta);
      c.synced += delta;
      c.others = Math.max(0, total - c.synced);
    }
    // Once a minute, not once a second; and no timer while no key here has a count.
    if (state.prunedMinute !== minute) {
      await repo.deleteRateCountsBefore(minute - 1);
      state.prunedMinute = minute;
    }
    if (state.counts.size === 0) stopTimer();
  } finally {
    state.syncing = false;
  }
}

function startSync(): void {
  if (state.timer) return;
  state.timer = setInterval(() => {
    syncRateCounts().catch((err: unknown) =>
      console.error("[gateway] could not sync rate counts:", err instanceof Error ? err.message : err),
    );
  }, SYNC_MS);
  state.timer.unref?.();
}

function stopTimer(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

/** Stops syncing (tests). */
export function stopRateSync(): void {
  stopTimer();
  state.counts.clear();
}
