import "server-only";
import { getDb } from "../db";

/**
 * Probe runs finished in (since, now], and how their verdicts differ from the previous run
 * of the same provider+model: what `/metrics` adds to its probe counters at each scrape. At most
 * {@link BATCH} runs a scrape, oldest first; `until` is where the next scrape goes on from.
 */
/** Runs read per scrape, at most. */
export const BATCH = 1000;

export async function countProbeActivity(since: Date): Promise<{
  until: Date;
  runs: { trigger: string; status: string; count: number }[];
  changes: { feature: string; kind: "regression" | "fix" | "change"; count: number }[];
}> {
  const db = getDb();
  const now = new Date();
  const finished = await db.probeRun.findMany({
    where: { finishedAt: { gt: since, lte: now } },
    orderBy: { finishedAt: "asc" },
    select: { id: true, providerId: true, model: true, trigger: true, status: true, startedAt: true, finishedAt: true },
    take: BATCH,
  });
  // A full batch: the rest is counted from where it stopped, at the next scrape.
  const until = finished.length === BATCH ? finished.at(-1)!.finishedAt! : now;
  const runs = new Map<string, { trigger: string; status: string; count: number }>();
  const changes = new Map<string, { feature: string; kind: "regression" | "fix" | "change"; count: number }>();
  for (const run of finished) {
    const k = `${run.trigger}\u0000${run.status}`;
    runs.set(k, { trigger: run.trigger, status: run.status, count: (runs.get(k)?.count ?? 0) + 1 });
    const previous = await db.probeRun.findFirst({
      where: { providerId: run.providerId, model: run.model, startedAt: { lt: run.startedAt } },
      orderBy: { startedAt: "desc" },
      select: { id: true },
    });
    if (!previous) continue;
    const [after, before] = await Promise.all(
      [run.id, previous.id].map((runId) =>
        db.probeResult.findMany({ where: { runId }, select: { feature: true, verdict: true } }),
      ),
    );
    const old = new Map(before!.map((r) => [r.feature, r.verdict]));
    for (const r of after!) {
      const was = old.get(r.feature);
      if (was === undefined || was === r.verdict) continue;
      const kind = was === "supported" ? "regression" : r.verdict === "supported" ? "fix" : "change";
      const ck = `${r.feature}\u0000${kind}`;
      changes.set(ck, { feature: r.feature, kind, count: (changes.get(ck)?.count ?? 0) + 1 });
    }
  }
  return { until, runs: [...runs.values()], changes: [...changes.values()] };
}
