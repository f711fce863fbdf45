import "server-only";
import { getEnv } from "@/lib/env";
import { shared } from "./calls/state";
import { getDb } from "./db";

/**
 * Retention: request-log rows older than REQUEST_LOG_RETENTION_DAYS (default 30), and probe
 * runs (with their results) beyond the newest PROBE_RUNS_KEPT per provider+model (default
 * 200), and responses the gateway stored for `previous_response_id` older than
 * RESPONSES_RETENTION_DAYS (30), are deleted once at start and then every hour. A running probe run is never touched.
 */

export const PRUNE_EVERY_MS = 3600_000;

export type PruneSettings = { requestLogDays: number; probeRunsKept: number; responsesDays: number };
export type Pruned = { requestLogRows: number; probeRuns: number; responses: number };

/** Deletes what is past retention, now. */
export async function pruneOnce(settings: PruneSettings = getEnv().retention, now = Date.now()): Promise<Pruned> {
  const db = getDb();
  const cutoff = new Date(now - settings.requestLogDays * 24 * 3600_000);
  const { count: requestLogRows } = await db.requestLog.deleteMany({ where: { createdAt: { lt: cutoff } } });
  const { count: responses } = await db.gatewayResponse.deleteMany({
    where: { createdAt: { lt: new Date(now - settings.responsesDays * 24 * 3600_000) } },
  });
  let probeRuns = 0;
  const groups = await db.probeRun.groupBy({ by: ["providerId", "model"], _count: { _all: true } });
  for (const g of groups) {
    if (g._count._all <= settings.probeRunsKept) continue;
    const old = await db.probeRun.findMany({
      where: { providerId: g.providerId, model: g.model },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      skip: settings.probeRunsKept,
      select: { id: true },
    });
    // In slices: a database caps the parameters of one statement.
    for (let i = 0; i < old.length; i += 500) {
      const { count } = await db.probeRun.deleteMany({
        where: { id: { in: old.slice(i, i + 500).map((r) => r.id) }, status: { not: "running" } },
      });
      probeRuns += count;
    }
  }
  return { requestLogRows, probeRuns, responses };
}

const state = shared<{ timer: ReturnType<typeof setInterval> | null }>("retention", () => ({ timer: null }));

function runLogged(): void {
  pruneOnce().then(
    ({ requestLogRows, probeRuns, responses }) => {
      if (requestLogRows || probeRuns || responses)
        console.log(
          `switchyard: retention removed ${requestLogRows} request-log row(s), ${probeRuns} probe run(s) and ${responses} stored response(s)`,
        );
    },
    (err: unknown) => console.error("switchyard: retention failed:", err instanceof Error ? err.message : err),
  );
}

/** Prunes now and every hour (once per process). */
export function startRetention(): void {
  if (state.timer) return;
  runLogged();
  state.timer = setInterval(runLogged, PRUNE_EVERY_MS);
  state.timer.unref?.();
}
