"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { MatrixView, RunHistoryView } from "@/lib/schemas/matrix";
import type { ProbeResultView, ProbeRunDetail, ProbeRunView } from "@/lib/schemas/probes";
import { apiFetch } from "./api-client";
import { keys } from "./query-keys";

/** How often the matrix refreshes while one of its rows is being probed. */
const LIVE_MS = 800;

/**
 * The whole (unfiltered) matrix; filtering happens in the browser with the server's rules.
 * While any row has a running run it re-reads every {@link LIVE_MS}, so cells fill in live.
 */
export function useMatrix(initialData?: MatrixView) {
  return useQuery({
    queryKey: keys.matrix.view(),
    queryFn: async () => (await apiFetch<{ matrix: MatrixView }>("/api/matrix")).matrix,
    initialData,
    refetchInterval: (query) => (query.state.data?.rows.some((r) => r.lastRun?.status === "running") ? LIVE_MS : false),
  });
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

/** The run timeline of one provider+model with "changes since the previous run". */
export function useRunHistory(providerId: string, model: string, initialData?: RunHistoryView) {
  return useQuery({
    queryKey: keys.matrix.history(providerId, model),
    queryFn: async () => {
      const q = new URLSearchParams({ providerId, model, limit: "30" });
      return (await apiFetch<{ history: RunHistoryView }>(`/api/matrix/history?${q}`)).history;
    },
    initialData,
  });
}
