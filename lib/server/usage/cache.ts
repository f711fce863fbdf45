import "server-only";
import { shared } from "../calls/state";
import { type Slices, type UsageRow, addToSlices, compactSlices, mergeSlices } from "./aggregate";
import * as repo from "./repository";

/**
 * Usage over a month of a busy gateway is a million rows: too many to read per question
 * (≈1 s on SQLite). Hours that are over do not change, so each one is read once, folded
 * into per-slice statistics (aggregate.ts) and kept in memory; a whole past UTC day is kept
 * as one merged entry as well (histograms compacted to their non-empty buckets). A question then reads only
 * the minutes not yet settled and merges at most ~30 days + ~48 hours of entries. Each
 * instance keeps its own cache of what is in the shared database: nothing is lost when an
 * instance goes away, and another instance's rows are seen once their hour is read.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** An hour is settled once it ended this long ago (log rows are written within 250 ms). */
const SETTLE_MS = 2 * 60_000;
/** Entries older than this are dropped (the longest window is 30 days). */
const KEEP_MS = 32 * DAY;

type Cache = {
  hours: Map<number, Promise<Slices>>;
  days: Map<number, Promise<Slices>>;
};
const cache = shared<Cache>("usage-cache", () => ({ hours: new Map(), days: new Map() }));

/** Forgets every cached hour and day (tests that write rows into the past). */
export function resetUsageCache(): void {
  cache.hours.clear();
  cache.days.clear();
}

function fold(rows: UsageRow[]): Slices {
  const slices: Slices = new Map();
  for (const r of rows) addToSlices(slices, r);
  return slices;
}

function remember(map: Map<number, Promise<Slices>>, at: number, load: () => Promise<Slices>): Promise<Slices> {
  let hit = map.get(at);
  if (!hit) {
    hit = load();
    map.set(at, hit);
    hit.catch(() => map.delete(at));
  }
  return hit;
}

function hourSlices(start: number): Promise<Slices> {
  return remember(cache.hours, start, async () =>
    compactSlices(fold(await repo.gatewayRowsBetween(new Date(start), new Date(start + HOUR)))),
  );
}

function daySlices(start: number): Promise<Slices> {
  return remember(cache.days, start, async () => {
    const day: Slices = new Map();
    for (let h = start; h < start + DAY; h += HOUR) mergeSlices(day, await hourSlices(h));
    return compactSlices(day);
  });
}

function prune(now: number): void {
  for (const map of [cache.hours, cache.days]) for (const at of map.keys()) if (at < now - KEEP_MS) map.delete(at);
}

/** One cached piece of a window: its start, and its statistics per slice. */
export type Piece = { at: number; span: "hour" | "day"; slices: Slices };

/** A window read: cached pieces for the settled part, rows for its ragged edges. */
export type WindowRead = {
  /** Days the window covers whole, and hours elsewhere (each settled moment once). */
  whole: Piece[];
  /** Every settled hour (counts), for charts finer than a day. */
  hours: Piece[];
  /** Rows of the unsettled minutes and of the window's first, partial hour. */
  rows: (UsageRow & { at: number })[];
};

/** The window [from, to): live rows at its edges, whole days where it covers them, hours elsewhere. */
export async function readWindow(from: number, to: number): Promise<WindowRead> {
  prune(to);
  const settled = Math.floor((to - SETTLE_MS) / HOUR) * HOUR;
  const firstHour = Math.ceil(from / HOUR) * HOUR;
  const out: WindowRead = { whole: [], hours: [], rows: [] };
  const live = async (a: number, b: number) => {
    if (b > a) out.rows.push(...(await repo.gatewayRowsBetween(new Date(a), new Date(b))));
  };
  if (firstHour >= settled) {
    await live(from, to);
    return out;
  }
  await live(from, firstHour);
  let h = firstHour;
  while (h < settled) {
    if (h % DAY === 0 && h + DAY <= settled) {
      out.whole.push({ at: h, span: "day", slices: await daySlices(h) });
      for (let x = h; x < h + DAY; x += HOUR) out.hours.push({ at: x, span: "hour", slices: await hourSlices(x) });
      h += DAY;
    } else {
      const slices = await hourSlices(h);
      out.whole.push({ at: h, span: "hour", slices });
      out.hours.push({ at: h, span: "hour", slices });
      h += HOUR;
    }
  }
  await live(settled, to);
  return out;
}
