"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { MatrixCell, MatrixView, RunHistoryView } from "@/lib/schemas/matrix";
import type { ProbeResultView, ProbeRunDetail, ProbeRunView, RunEvent } from "@/lib/schemas/probes";
import { apiFetch } from "./api-client";
import { keys } from "./query-keys";

/** While a row is being probed, a slow re-read in case the live stream is cut (e.g. by a proxy). */
const SAFETY_NET_MS = 3000;
/** Results that arrive together (a run finishing several probes at once) cause one re-read. */
const COALESCE_MS = 120;

/**
 * The whole (unfiltered) matrix; filtering happens in the browser with the server's rules.
 * While rows are being probed it follows each running run's event stream
 * (`GET /api/runs/<id>/events`) and re-reads the matrix as each result is stored, so cells
 * go from spinner to verdict as they finish.
 */
export function useMatrix(initialData?: MatrixView) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: keys.matrix.view(),
    queryFn: async () => (await apiFetch<{ matrix: MatrixView }>("/api/matrix")).matrix,
    initialData,
    refetchInterval: (q) => (q.state.data?.rows.some((r) => r.lastRun?.status === "running") ? SAFETY_NET_MS : false),
  });
  const running = [
    ...new Set((query.data?.rows ?? []).flatMap((r) => (r.lastRun?.status === "running" ? [r.lastRun.id] : []))),
  ]
    .sort()
    .join(",");
  useEffect(() => {
    if (!running) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void qc.invalidateQueries({ queryKey: keys.matrix.all }), COALESCE_MS);
    };
    const sources = running.split(",").map((id) => {
      const source = new EventSource(`/api/runs/${encodeURIComponent(id)}/events`);
      // Each stored result is shown at once (cell and progress); the re-read confirms it.
      source.addEventListener("result", (e) => {
        const event = parseEvent(e);
        if (event?.type === "result") qc.setQueryData<MatrixView>(keys.matrix.view(), (m) => m && withResult(m, event));
        refresh();
      });
      source.addEventListener("end", (e) => {
        source.close();
        const event = parseEvent(e);
        if (event?.type === "end")
          qc.setQueryData<MatrixView>(keys.matrix.view(), (m) => m && withRunEnded(m, event.run));
        refresh();
      });
      // The safety-net re-read takes over; EventSource would otherwise reconnect forever.
      source.addEventListener("error", () => source.close());
      return source;
    });
    return () => {
      clearTimeout(timer);
      for (const source of sources) source.close();
    };
  }, [running, qc]);
  return query;
}

function parseEvent(e: Event): RunEvent | null {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as RunEvent;
  } catch {
    return null;
  }
}

/** The matrix with one more stored result: its cell, and its run's progress (which only grows). */
function withResult(m: MatrixView, event: Extract<RunEvent, { type: "result" }>): MatrixView {
  const { result } = event;
  return {
    ...m,
    rows: m.rows.map((row) => {
      const run = row.lastRun;
      if (!run || run.id !== result.runId) return row;
      const cell: MatrixCell = {
        resultId: result.id,
        runId: result.runId,
        verdict: result.verdict,
        reason: result.reason,
        latencyMs: result.latencyMs,
        ttftMs: result.ttftMs,
        disagreement: result.disagreement,
        warnings: result.warnings.length,
        createdAt: result.createdAt,
        trigger: run.trigger,
        startedBy: run.startedBy,
      };
      return {
        ...row,
        cells: { ...row.cells, [result.feature]: cell },
        lastRun: { ...run, done: Math.max(run.done, event.done) },
      };
    }),
  };
}

/** The matrix once a run has ended (completed, cancelled, failed). */
function withRunEnded(m: MatrixView, ended: ProbeRunView): MatrixView {
  return {
    ...m,
    rows: m.rows.map((row) =>
      row.lastRun?.id === ended.id
        ? {
            ...row,
            lastRun: { ...row.lastRun, status: ended.status, done: Math.max(row.lastRun.done, ended.done) },
          }
        : row,
    ),
  };
}

/** One provider+model to probe. */
export type RunTarget = { providerId: string; model: string };
/** What starting a run answered: the run, and whether it is new or the one already running. */
export type StartedRun = { run: ProbeRunView; created: boolean };

/**
 * Starts a run per target (one row, every model of a provider, or everything). A target
 * already being probed answers its running run (`created: false`) instead of a duplicate.
 */
export function useStartRuns() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (targets: RunTarget[]) =>
      Promise.all(targets.map((body) => apiFetch<StartedRun>("/api/runs", { method: "POST", body }))),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.matrix.all }),
  });
}

/** Cancels a running run; its stored results stay. */
export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ run: ProbeRunView }>(`/api/runs/${encodeURIComponent(id)}/cancel`, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.matrix.all }),
  });
}

/** One run with its results and their evidence. */
export function useRun(id: string | null) {
  return useQuery({
    enabled: id !== null,
    queryKey: keys.runs.detail(id ?? ""),
    queryFn: async () => (await apiFetch<{ run: ProbeRunDetail }>(`/api/runs/${encodeURIComponent(id ?? "")}`)).run,
  });
}

/** The recent verdicts of one cell, newest first (for "previous verdict"). */
export function useCellHistory(cell: { providerId: string; model: string; feature: string } | null) {
  return useQuery({
    enabled: cell !== null,
    queryKey: keys.matrix.feature(cell?.providerId ?? "", cell?.model ?? "", cell?.feature ?? ""),
    queryFn: async () => {
      const q = new URLSearchParams({ feature: cell?.feature ?? "", model: cell?.model ?? "", limit: "10" });
      const url = `/api/providers/${encodeURIComponent(cell?.providerId ?? "")}/history?${q}`;
      return (await apiFetch<{ history: ProbeResultView[] }>(url)).history;
    },
  });
}

/** Runs the history page shows first, and how many more each "Show older runs" adds. */
export const HISTORY_PAGE = 30;

/**
 * The newest `limit` runs of one provider+model with "changes since the previous run". While a
 * larger `limit` loads, the shorter list stays on screen.
 */
export function useRunHistory(providerId: string, model: string, limit: number, initialData?: RunHistoryView) {
  return useQuery({
    queryKey: keys.matrix.history(providerId, model, limit),
    queryFn: async () => {
      const q = new URLSearchParams({ providerId, model, limit: String(limit) });
      return (await apiFetch<{ history: RunHistoryView }>(`/api/matrix/history?${q}`)).history;
    },
    initialData: limit === HISTORY_PAGE ? initialData : undefined,
    placeholderData: (previous) => previous,
  });
}
