import "server-only";
import type { UsageFilter } from "@/lib/schemas/usage";
import { sliceId, sliceOf } from "./aggregate";
import { readWindow } from "./cache";
import { matches } from "./service";

/**
 * Requests per feature set (the request log's `features`, as stored) of one slice of the
 * gateway's traffic over [from, to): what switch readiness and the Routes page judge from.
 */
export async function featureSets(filter: UsageFilter, from: number, to: number): Promise<Map<string, number>> {
  const read = await readWindow(from, to);
  const out = new Map<string, number>();
  const add = (text: string, n: number) => out.set(text, (out.get(text) ?? 0) + n);
  for (const piece of read.whole) {
    for (const [id, s] of piece.slices) {
      if (matches(sliceOf(id), filter)) for (const [text, n] of s.features) add(text, n);
    }
  }
  for (const r of read.rows) if (matches(sliceOf(sliceId(r)), filter)) add(r.features ?? "[]", 1);
  return out;
}

/** Requests per word, from requests per feature set. */
function wordsOf(sets: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [text, n] of sets) {
    let words: unknown;
    try {
      words = JSON.parse(text);
    } catch {
      continue;
    }
    if (!Array.isArray(words)) continue;
    for (const w of words) if (typeof w === "string") out.set(w, (out.get(w) ?? 0) + n);
  }
  return out;
}

/** Words used per route name over [from, to), with requests per word: one read for every route. */
export async function featuresByRoute(from: number, to: number): Promise<Map<string, Map<string, number>>> {
  const read = await readWindow(from, to);
  const sets = new Map<string, Map<string, number>>();
  const add = (route: string | null, text: string, n: number) => {
    if (route === null) return;
    let m = sets.get(route);
    if (!m) sets.set(route, (m = new Map()));
    m.set(text, (m.get(text) ?? 0) + n);
  };
  for (const piece of read.whole) {
    for (const [id, s] of piece.slices) {
      const { route } = sliceOf(id);
      for (const [text, n] of s.features) add(route, text, n);
    }
  }
  for (const r of read.rows) add(r.route, r.features ?? "[]", 1);
  return new Map([...sets].map(([route, m]) => [route, wordsOf(m)]));
}
