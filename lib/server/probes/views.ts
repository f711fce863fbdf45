import "server-only";
import type {
  EvidenceView,
  ProbeResultView,
  ProbeRunView,
  ProbeScheduleView,
  RunBlockerView,
  RunStatus,
  RunTrigger,
  Verdict,
} from "@/lib/schemas/probes";
import type { ResultRow, RunRow, ScheduleRow } from "./repository";

/** Rows as the API shows them. */

const strings = (v: unknown): string[] | null => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : null);

const BLOCKER_KINDS = new Set(["unreachable", "auth", "rate_limited", "model_missing", "chat_refused", "chat_failing"]);

function blockerOf(v: unknown): RunBlockerView | null {
  const b = v as { kind?: unknown; reason?: unknown } | null;
  return b && typeof b.kind === "string" && BLOCKER_KINDS.has(b.kind) && typeof b.reason === "string"
    ? { kind: b.kind as RunBlockerView["kind"], reason: b.reason }
    : null;
}

export function toRunView(row: RunRow): ProbeRunView {
  const features = strings(row.features) ?? [];
  return {
    id: row.id,
    providerId: row.providerId,
    model: row.model,
    trigger: row.trigger as RunTrigger,
    status: row.status as RunStatus,
    features,
    done: row._count.results,
    total: features.length,
    serverVersion: row.serverVersion,
    appVersion: row.appVersion,
    declared: strings(row.declared),
    declaredSource: row.declaredSource,
    error: row.error,
    blocker: blockerOf(row.blocker),
    capacity: row.capacity,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function toResultView(row: ResultRow): ProbeResultView {
  return {
    id: row.id,
    runId: row.runId,
    providerId: row.providerId,
    model: row.model,
    feature: row.feature,
    verdict: row.verdict as Verdict,
    reason: row.reason,
    latencyMs: row.latencyMs,
    ttftMs: row.ttftMs,
    evidence: row.evidence as EvidenceView,
    declared: row.declared,
    disagreement: row.disagreement,
    warnings: strings(row.warnings) ?? [],
    flags: strings(row.flags) ?? [],
    createdAt: row.createdAt.toISOString(),
  };
}

export function toScheduleView(providerId: string, row: ScheduleRow | null): ProbeScheduleView {
  return {
    providerId,
    intervalMinutes: row?.enabled ? row.intervalMinutes : null,
    model: row?.model ?? null,
    features: strings(row?.features),
    nextRunAt: row?.enabled ? row.nextRunAt.toISOString() : null,
    lastRunId: row?.lastRunId ?? null,
  };
}
