import "server-only";
import { diffVerdicts, emptyCounts, filterMatrixRows } from "@/lib/matrix";
import type { HistoryRun, MatrixCell, MatrixQuery, MatrixRow, MatrixView, RunHistoryView } from "@/lib/schemas/matrix";
import type { RunTrigger, Verdict } from "@/lib/schemas/probes";
import type { ProviderView } from "@/lib/schemas/providers";
import { sweepStaleRuns } from "../probes/service";
import { FEATURES, listFeatures } from "../probes/registry";
import { getProvider, listProviders } from "../providers/service";
import { listUserNames } from "../users/repository";
import * as repo from "./repository";
import { AppError } from "@/lib/errors";

/**
 * The compatibility matrix (latest verdict per provider+model+feature) and the run history
 * of one provider+model. Read-only: runs are started through the probe service.
 */

/**
 * How many recent runs of a row are read to find its latest cells in one query. Reading rows
 * dominates the matrix's cost (10 runs × 18 results × 20 rows ≈ 40 ms at 100,000 results,
 * 3 runs ≈ 19 ms); features none of them has come from one indexed lookup each (below).
 */
const RECENT_RUNS = 3;

/** Reasons the runner writes when a request never reached an answering server (classify.ts). */
const CONNECTION_FAILURE =
  /^No conclusion: (connection refused|host name not resolved|TLS handshake failed|connection failed|timed out)\b/;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Who started a run: a user id, resolved to a name once per matrix (see {@link withNames}). */
type RunOrigin = { trigger: string; createdById: string | null };
type Names = Map<string, string>;

function toCell(row: repo.CellRow, origin: RunOrigin | undefined, names: Names): MatrixCell {
  return {
    resultId: row.id,
    runId: row.runId,
    verdict: row.verdict as Verdict,
    reason: row.reason,
    latencyMs: row.latencyMs,
    ttftMs: row.ttftMs,
    disagreement: row.disagreement,
    warnings: Array.isArray(row.warnings) ? row.warnings.length : 0,
    createdAt: row.createdAt.toISOString(),
    trigger: (origin?.trigger ?? "manual") as RunTrigger,
    startedBy: (origin?.createdById && names.get(origin.createdById)) || null,
  };
}

function toLastRun(run: repo.MatrixRunRow, results: repo.CellRow[], names: Names): NonNullable<MatrixRow["lastRun"]> {
  const features = strings(run.features);
  return {
    id: run.id,
    status: run.status as NonNullable<MatrixRow["lastRun"]>["status"],
    done: results.filter((r) => r.runId === run.id).length,
    total: features.length,
    features,
    serverVersion: run.serverVersion,
    trigger: run.trigger as RunTrigger,
    startedBy: (run.createdById && names.get(run.createdById)) || null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** The newest run's row-level finding (from its baseline chat), when it has one. */
function blockerOf(run: repo.MatrixRunRow): { kind: string; reason: string } | null {
  const b = run.blocker as { kind?: unknown; reason?: unknown } | null;
  return b && typeof b.kind === "string" && typeof b.reason === "string" ? { kind: b.kind, reason: b.reason } : null;
}

/** The connection error when the newest finished run never reached the provider, else null. */
function unreachableReason(run: repo.MatrixRunRow, results: repo.CellRow[]): string | null {
  const blocker = blockerOf(run);
  if (blocker) return blocker.kind === "unreachable" ? blocker.reason.replace(/^provider unreachable: /, "") : null;
  if (run.status === "running") return null;
  if (run.status === "failed" && run.error) return run.error;
  const own = results.filter((r) => r.runId === run.id);
  if (own.length === 0 || !own.every((r) => r.verdict === "error" && CONNECTION_FAILURE.test(r.reason))) return null;
  return own[0]?.reason.replace(/^No conclusion: /, "") ?? null;
}

/** A row as read, before the names of the people who started its runs are known. */
type RowDraft = (names: Names) => MatrixRow;

async function buildRow(provider: ProviderView, model: string): Promise<{ draft: RowDraft; userIds: string[] }> {
  const runs = await repo.listRecentRunRows(provider.id, model, RECENT_RUNS);
  const results = runs.length > 0 ? await repo.listCellRows(runs.map((r) => r.id)) : [];
  const latest = new Map<string, { row: repo.CellRow; origin: RunOrigin | undefined }>();
  const origins = new Map<string, RunOrigin>(runs.map((r) => [r.id, r]));
  for (const r of results) {
    const seen = latest.get(r.feature);
    if (!seen || r.createdAt > seen.row.createdAt) latest.set(r.feature, { row: r, origin: origins.get(r.runId) });
  }
  // Older runs only matter when this row has more runs than were read and a feature is missing.
  if (runs.length === RECENT_RUNS) {
    const missing = FEATURES.filter((f) => !latest.has(f));
    const older = await repo.findLatestResultRows(provider.id, model, missing);
    for (const r of older) if (r) latest.set(r.feature, { row: r, origin: r.run });
  }
  const newest = runs[0];
  const userIds = [...latest.values()].flatMap((c) => (c.origin?.createdById ? [c.origin.createdById] : []));
  if (newest?.createdById) userIds.push(newest.createdById);
  const draft: RowDraft = (names) => ({
    providerId: provider.id,
    providerName: provider.name,
    providerKind: provider.kind,
    environments: provider.environments,
    model,
    cells: Object.fromEntries([...latest].map(([f, c]) => [f, toCell(c.row, c.origin, names)])),
    lastRun: newest ? toLastRun(newest, results, names) : null,
    unreachable: newest ? unreachableReason(newest, results) : null,
    finding: newest && blockerOf(newest)?.kind !== "unreachable" ? (blockerOf(newest)?.reason ?? null) : null,
  });
  return { draft, userIds };
}

/**
 * The matrix: one row per provider+model that has runs (plus each unprobed provider's default
 * model), one column per registered feature, each cell the latest verdict. Filtered and sorted
 * by `query` (the same rules the browser applies).
 */
export async function getMatrix(query: Partial<MatrixQuery> = {}): Promise<MatrixView> {
  await sweepStaleRuns();
  const [providers, keys] = await Promise.all([listProviders(), repo.listRowKeys()]);
  const byId = new Map(providers.map((p) => [p.id, p]));
  const pairs: [ProviderView, string][] = [];
  for (const { providerId, model } of keys) {
    const p = byId.get(providerId);
    if (p) pairs.push([p, model]);
  }
  for (const p of providers) {
    if (p.defaultModel && !keys.some((k) => k.providerId === p.id)) pairs.push([p, p.defaultModel]);
  }
  const built = await Promise.all(pairs.map(([p, model]) => buildRow(p, model)));
  const names = await listUserNames([...new Set(built.flatMap((b) => b.userIds))]);
  const rows = built.map((b) => b.draft(names));
  return {
    features: listFeatures(),
    rows: filterMatrixRows(rows, query),
    providerCount: providers.length,
    generatedAt: new Date().toISOString(),
  };
}

/**
 * The timeline of one provider+model (newest first) with verdict counts and per-feature
 * verdicts, and what changed between the two newest finished runs.
 */
export async function getRunHistory(query: {
  providerId: string;
  model?: string;
  limit: number;
}): Promise<RunHistoryView> {
  const provider = await getProvider(query.providerId);
  const model = query.model ?? provider.defaultModel;
  if (!model) throw new AppError("validation_failed", "model is required: the provider has no default model.");
  const runs = await repo.listRecentRunRows(provider.id, model, query.limit);
  const results = runs.length > 0 ? await repo.listCellRows(runs.map((r) => r.id)) : [];
  const names = await listUserNames([...new Set(runs.flatMap((r) => (r.createdById ? [r.createdById] : [])))]);
  const timeline: HistoryRun[] = runs.map((run) => {
    const counts = emptyCounts();
    const verdicts: HistoryRun["verdicts"] = {};
    for (const r of results) {
      if (r.runId !== run.id) continue;
      counts[r.verdict as Verdict] += 1;
      verdicts[r.feature] = { verdict: r.verdict as Verdict, latencyMs: r.latencyMs };
    }
    return {
      id: run.id,
      status: run.status,
      trigger: run.trigger as RunTrigger,
      startedBy: (run.createdById && names.get(run.createdById)) || null,
      serverVersion: run.serverVersion,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      counts,
      verdicts,
    };
  });
  const finished = timeline.filter((r) => r.status !== "running");
  const [latest, previous] = finished;
  return {
    providerId: provider.id,
    providerName: provider.name,
    model,
    features: listFeatures(),
    runs: timeline,
    changes: latest && previous ? diffVerdicts(previous.verdicts, latest.verdicts, FEATURES) : [],
  };
}

/** The name of the account that started a run, for "manual run by Ada" (null when none). */
export function getRunStarterName(runId: string): Promise<string | null> {
  return repo.findRunStarterName(runId);
}
