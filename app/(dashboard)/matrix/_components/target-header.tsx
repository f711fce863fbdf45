"use client";

import { CircleAlert, History, Play, Square, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { RelativeTime } from "@/app/_components/relative-time";
import type { MatrixRow } from "@/lib/schemas/matrix";

/** What a header needs to run, cancel and show progress. */
export type RunControls = {
  canRun: boolean;
  busy: boolean;
  onRun: (rows: MatrixRow[]) => void;
  onCancel: (runId: string) => void;
  /** Results stored so far for a running run (never less than shown before). */
  doneOf: (runId: string, reported: number) => number;
};

/** A native <progress>, styled (no inline widths: the page's CSP need not allow style attributes). */
export const progressClass =
  "appearance-none overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700 [&::-webkit-progress-bar]:bg-zinc-200 dark:[&::-webkit-progress-bar]:bg-zinc-700 [&::-webkit-progress-value]:rounded-full [&::-webkit-progress-value]:bg-brand-600 [&::-moz-progress-bar]:rounded-full [&::-moz-progress-bar]:bg-brand-600";

const iconButton =
  "inline-flex size-6 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white";

export const historyHref = (row: MatrixRow) =>
  `/matrix/history?${new URLSearchParams({ providerId: row.providerId, model: row.model })}`;

/** A small determinate bar with "done/total" beside it. */
export function MiniProgress({ done, total, label }: { done: number; total: number; label: string }) {
  return (
    <span className="flex min-w-0 items-center gap-1.5">
      <progress aria-label={label} max={total} value={done} className={`${progressClass} h-1.5 w-14`} />
      <span className="tabular-nums">
        {done}/{total}
      </span>
    </span>
  );
}

/**
 * The head of one provider+model (a row header, or a column header when features are rows):
 * name, model, the newest run's row-level finding ("chat is refused: …") said once under
 * them, when it was last probed or how far the running probe is, Run / Cancel and History.
 */
export function TargetHeader({ row, controls }: { row: MatrixRow; controls: RunControls }) {
  const run = row.lastRun;
  const isRunning = run?.status === "running";
  const label = `${row.providerName} · ${row.model}`;
  const status =
    isRunning && run ? (
      <MiniProgress done={controls.doneOf(run.id, run.done)} total={run.total} label={`Probing ${label}`} />
    ) : row.unreachable ? (
      <span className="flex min-w-0 items-center gap-1 text-red-700 dark:text-red-300" title={row.unreachable}>
        <CircleAlert aria-hidden="true" size={12} className="shrink-0" />
        <span className="truncate">Unreachable</span>
      </span>
    ) : run ? (
      <span className="truncate">
        <RelativeTime iso={run.startedAt} />
      </span>
    ) : (
      <span className="truncate">not probed yet</span>
    );
  return (
    <div className="min-w-0 text-left">
      <div className="truncate text-sm font-medium" title={row.providerName}>
        {row.providerName}
      </div>
      <div className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={row.model}>
        {row.model}
      </div>
      {row.finding && !isRunning ? (
        <p
          data-testid="row-finding"
          title={row.finding}
          className="mt-0.5 flex min-w-0 items-start gap-1 text-[11px] leading-tight text-amber-900 dark:text-amber-200"
        >
          <TriangleAlert aria-hidden="true" size={11} className="mt-px shrink-0" />
          <span className="line-clamp-2 [overflow-wrap:anywhere]">{row.finding}</span>
        </p>
      ) : null}
      <div className="mt-0.5 flex min-w-0 items-center justify-between gap-1 text-[11px] font-normal text-zinc-500 dark:text-zinc-400">
        {status}
        <div className="-my-1 -mr-1 flex shrink-0 items-center">
          {controls.canRun && isRunning && run ? (
            <button
              type="button"
              className={iconButton}
              title="Cancel the run"
              aria-label={`Cancel the run of ${label}`}
              onClick={() => controls.onCancel(run.id)}
            >
              <Square aria-hidden="true" size={13} />
            </button>
          ) : controls.canRun ? (
            <button
              type="button"
              className={iconButton}
              title="Run the probes"
              aria-label={`Run probes for ${label}`}
              disabled={controls.busy}
              onClick={() => controls.onRun([row])}
            >
              <Play aria-hidden="true" size={13} />
            </button>
          ) : null}
          {run ? (
            <Link href={historyHref(row)} className={iconButton} title="History" aria-label={`History of ${label}`}>
              <History aria-hidden="true" size={13} />
            </Link>
          ) : null}
        </div>
      </div>
    </div>
  );
}
