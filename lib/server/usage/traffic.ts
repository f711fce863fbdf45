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

/** The words used by a slice's requests, with how many requests used each. */
export async function featuresUsed(filter: UsageFilter, from: number, to: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [text, n] of await featureSets(filter, from, to)) {
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
