import "server-only";
import { getDb } from "../db";
import { findLatestResultRows } from "../matrix/repository";
import { FEATURES } from "../probes/registry";
import { type CacheEntry, cachedRead, shared } from "./state";

/**
 * The latest verdicts of a provider+model, as the plan and the routing read them, through a
 * cache: a call's path to the first token makes no database query once warm. An entry is
 * dropped when this process stores a new result for the provider+model, and refreshed in the
 * background when older than five seconds (results stored by another instance show within that
 * time; see `cachedRead`).
 */

/** The latest verdict of one feature, with its flags (`requires:*`, `native:*`). */
export type LatestVerdict = { verdict: string; reason: string; runId: string; at: string; flags: string[] };

const cache = shared("verdicts", () => new Map<string, CacheEntry<Map<string, LatestVerdict>>>());
const keyOf = (providerId: string, model: string) => `${providerId}\u0000${model}`;

/** Runs read first: a full run has every feature; older results are read only for the missing ones. */
const RECENT_RUNS = 3;

/**
 * Every feature's latest result for one provider+model: the newest runs' results, then (as
 * the matrix does) the latest older result of each feature those runs lack — a feature
 * re-probed on its own three times keeps the other features' verdicts.
 */
async function load(providerId: string, model: string): Promise<Map<string, LatestVerdict>> {
  const db = getDb();
  const runs = await db.probeRun.findMany({
    where: { providerId, model },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: RECENT_RUNS,
    select: { id: true },
  });
  const select = { feature: true, verdict: true, reason: true, runId: true, createdAt: true, flags: true } as const;
  const rows = runs.length
    ? await db.probeResult.findMany({ where: { runId: { in: runs.map((r) => r.id) } }, select })
    : [];
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows)
    if (!latest.has(r.feature) || r.createdAt > latest.get(r.feature)!.createdAt) latest.set(r.feature, r);
  if (runs.length === RECENT_RUNS) {
    const missing = FEATURES.filter((f) => !latest.has(f));
    for (const r of await findLatestResultRows(providerId, model, missing)) if (r) latest.set(r.feature, r);
  }
  const out = new Map<string, LatestVerdict>();
  for (const row of latest.values()) {
    // `error` and `skipped` say nothing about support: treated as no verdict (try natively).
    if (row.verdict === "error" || row.verdict === "skipped") continue;
    out.set(row.feature, {
      verdict: row.verdict,
      reason: row.reason,
      runId: row.runId,
      at: row.createdAt.toISOString(),
      flags: Array.isArray(row.flags) ? row.flags.filter((f): f is string => typeof f === "string") : [],
    });
  }
  return out;
}

/**
 * The latest verdicts of a provider+model (absent: never probed, or no conclusion). The
 * first read waits for the database; later ones are served from memory, refreshed behind.
 */
export function latestVerdicts(providerId: string, model: string): Promise<ReadonlyMap<string, LatestVerdict>> {
  return cachedRead(cache, keyOf(providerId, model), () => load(providerId, model));
}

/** Drops the cached verdicts of a provider+model (a result was stored), or of a whole provider. */
export function invalidateVerdicts(providerId: string, model?: string): void {
  if (model !== undefined) {
    cache.delete(keyOf(providerId, model));
    return;
  }
  for (const key of cache.keys()) if (key.startsWith(`${providerId}\u0000`)) cache.delete(key);
}
