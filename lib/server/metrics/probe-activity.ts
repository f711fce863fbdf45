import "server-only";
import { getDb } from "../db";

/**
 * Probe runs finished in (since, now], and how their verdicts differ from the previous run
 * of the same provider+model: what `/metrics` adds to its probe counters at each scrape. At most
 * {@link BATCH} runs a scrape, oldest first; `until` is where the next scrape goes on from.
 * A scrape makes a few queries whatever the batch holds: the runs, their predecessors (one read
 * per provider+model), and every result of both in one read.
 */
/** Runs read per scrape, at most. */
export const BATCH = 1000;

type ChangeKind = "regression" | "fix" | "change";
type RunKey = { id: string; providerId: string; model: string; startedAt: Date };

/**
 * At most a batch of what was read (one run more than a batch, to see past its end). When the
 * run after the batch finished at the same moment as its last one, that moment's runs are all
 * left to the next scrape, which reads from `until` on (`finishedAt > until`): none is lost.
 * (A batch that is one moment throughout is counted whole.)
 */
function settledPart<T extends { finishedAt: Date | null }>(read: T[], now: Date): { finished: T[]; until: Date } {
  if (read.length <= BATCH) return { finished: read, until: now };
  const batch = read.slice(0, BATCH);
  const last = batch.at(-1)!.finishedAt!.getTime();
  const cut =
    read[BATCH]!.finishedAt!.getTime() === last ? batch.findIndex((r) => r.finishedAt!.getTime() === last) : -1;
  const finished = cut > 0 ? batch.slice(0, cut) : batch;
  return { finished, until: finished.at(-1)!.finishedAt! };
}

export async function countProbeActivity(since: Date): Promise<{
  until: Date;
  runs: { trigger: string; status: string; count: number }[];
  changes: { feature: string; kind: ChangeKind; count: number }[];
}> {
  const now = new Date();
  const read = await getDb().probeRun.findMany({
    where: { finishedAt: { gt: since, lte: now } },
    orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
    select: { id: true, providerId: true, model: true, trigger: true, status: true, startedAt: true, finishedAt: true },
    take: BATCH + 1,
  });
  const { finished, until } = settledPart(read, now);
  const runs = new Map<string, { trigger: string; status: string; count: number }>();
  for (const run of finished) {
    const k = `${run.trigger}\u0000${run.status}`;
    runs.set(k, { trigger: run.trigger, status: run.status, count: (runs.get(k)?.count ?? 0) + 1 });
  }
  const previous = await previousRuns(finished);
  const verdicts = await verdictsOf([...finished.map((r) => r.id), ...previous.values()]);
  const changes = new Map<string, { feature: string; kind: ChangeKind; count: number }>();
  for (const run of finished) {
    const before = previous.get(run.id);
    if (before === undefined) continue;
    const old = verdicts.get(before) ?? new Map<string, string>();
    for (const [feature, verdict] of verdicts.get(run.id) ?? []) {
      const was = old.get(feature);
      if (was === undefined || was === verdict) continue;
      const kind = was === "supported" ? "regression" : verdict === "supported" ? "fix" : "change";
      const ck = `${feature}\u0000${kind}`;
      changes.set(ck, { feature, kind, count: (changes.get(ck)?.count ?? 0) + 1 });
    }
  }
  return { until, runs: [...runs.values()], changes: [...changes.values()] };
}

const pairOf = (r: { providerId: string; model: string }) => `${r.providerId}\u0000${r.model}`;

/**
 * The run that started last before each of `runs` (same provider+model): run id → its
 * predecessor's id, absent for a first run. Read per provider+model, not per run: the runs that
 * started within the span of that pair's runs here, and the one run that started before it.
 */
async function previousRuns(runs: readonly RunKey[]): Promise<Map<string, string>> {
  const spans = new Map<string, { providerId: string; model: string; from: Date; to: Date }>();
  for (const r of runs) {
    const span = spans.get(pairOf(r));
    if (!span) spans.set(pairOf(r), { providerId: r.providerId, model: r.model, from: r.startedAt, to: r.startedAt });
    else if (r.startedAt < span.from) span.from = r.startedAt;
    else if (r.startedAt > span.to) span.to = r.startedAt;
  }
  if (spans.size === 0) return new Map();
  const db = getDb();
  const select = { id: true, providerId: true, model: true, startedAt: true } as const;
  const [within, before] = await Promise.all([
    db.probeRun.findMany({
      where: {
        OR: [...spans.values()].map((s) => ({
          providerId: s.providerId,
          model: s.model,
          startedAt: { gte: s.from, lt: s.to },
        })),
      },
      select,
    }),
    Promise.all(
      [...spans.values()].map((s) =>
        db.probeRun.findFirst({
          where: { providerId: s.providerId, model: s.model, startedAt: { lt: s.from } },
          orderBy: { startedAt: "desc" },
          select,
        }),
      ),
    ),
  ]);
  const candidates = new Map<string, RunKey[]>();
  for (const c of [...within, ...before]) {
    if (!c) continue;
    let list = candidates.get(pairOf(c));
    if (!list) candidates.set(pairOf(c), (list = []));
    list.push(c);
  }
  const out = new Map<string, string>();
  for (const r of runs) {
    let best: RunKey | undefined;
    for (const c of candidates.get(pairOf(r)) ?? []) {
      if (c.startedAt < r.startedAt && (!best || c.startedAt > best.startedAt)) best = c;
    }
    if (best) out.set(r.id, best.id);
  }
  return out;
}

/** The verdict of each feature of each run, in one read: run id → feature → verdict. */
async function verdictsOf(runIds: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (runIds.length === 0) return out;
  const rows = await getDb().probeResult.findMany({
    where: { runId: { in: [...new Set(runIds)] } },
    select: { runId: true, feature: true, verdict: true },
  });
  for (const r of rows) {
    let features = out.get(r.runId);
    if (!features) out.set(r.runId, (features = new Map()));
    features.set(r.feature, r.verdict);
  }
  return out;
}
