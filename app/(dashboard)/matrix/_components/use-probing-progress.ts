"use client";

import { useState } from "react";
import type { MatrixRow } from "@/lib/schemas/matrix";

/** A run followed since it was first seen running: its size and the most results seen stored. */
type Tracked = { total: number; done: number };

/** Progress of everything being probed now: one total that only grows in `done`, and per run. */
export type ProbingProgress = {
  /** null when nothing is being probed. */
  overall: { done: number; total: number; runs: number } | null;
  /** Results stored so far for a running run (never less than shown before). */
  doneOf: (runId: string, reported: number) => number;
};

/**
 * Follows every run seen running until all of them have ended. A run that finishes keeps
 * counting as fully done, so the total never shrinks as runs end ("40 of 90", then "17 of
 * 18" was the old behaviour), and a re-read that lags behind the live stream never makes a
 * count go back.
 */
export function useProbingProgress(rows: MatrixRow[]): ProbingProgress {
  const [tracked, setTracked] = useState<Record<string, Tracked>>({});
  const running = rows.flatMap((r) => (r.lastRun?.status === "running" ? [r.lastRun] : []));

  // Derived state, adjusted while rendering (React's pattern for state that follows props).
  let next = tracked;
  for (const run of running) {
    const seen = next[run.id];
    if (!seen || run.done > seen.done || run.total !== seen.total) {
      next = { ...next, [run.id]: { total: run.total, done: Math.max(run.done, seen?.done ?? 0) } };
    }
  }
  if (running.length === 0 && Object.keys(next).length > 0) next = {};
  if (next !== tracked) setTracked(next);

  const runningIds = new Set(running.map((r) => r.id));
  const entries = Object.entries(next);
  const overall =
    entries.length === 0
      ? null
      : {
          done: entries.reduce((n, [id, t]) => n + (runningIds.has(id) ? t.done : t.total), 0),
          total: entries.reduce((n, [, t]) => n + t.total, 0),
          runs: entries.length,
        };
  return { overall, doneOf: (runId, reported) => Math.max(reported, next[runId]?.done ?? 0) };
}
