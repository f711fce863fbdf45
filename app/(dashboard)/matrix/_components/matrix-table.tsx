"use client";

import Link from "next/link";
import { FEATURE_GROUPS } from "@/lib/probe-vocabulary";
import type { FeatureView } from "@/lib/schemas/probes";
import type { MatrixRow } from "@/lib/schemas/matrix";
import { MatrixCell } from "./matrix-cell";
import { Spinner } from "./verdict";

/** Which cell is open: provider, model and feature (also the page's search params). */
export type CellRef = { providerId: string; model: string; feature: string };

const smallButton =
  "rounded border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Rows grouped by provider, in the order of their first (sorted) row. */
function groupByProvider(rows: readonly MatrixRow[]): MatrixRow[][] {
  const groups = new Map<string, MatrixRow[]>();
  for (const r of rows) groups.set(r.providerId, [...(groups.get(r.providerId) ?? []), r]);
  return [...groups.values()];
}

/**
 * The matrix as a table: column groups from the registry, one tbody per provider, one row
 * per model with its run controls, one cell per feature.
 */
export function MatrixTable({
  features,
  rows,
  canRun,
  busy,
  onRun,
  onCancel,
  onOpen,
}: {
  features: FeatureView[];
  rows: MatrixRow[];
  canRun: boolean;
  busy: boolean;
  onRun: (rows: MatrixRow[]) => void;
  onCancel: (runId: string) => void;
  onOpen: (cell: CellRef) => void;
}) {
  const groups = FEATURE_GROUPS.map((g) => ({ group: g, features: features.filter((f) => f.group === g) })).filter(
    (g) => g.features.length > 0,
  );
  const ordered = groups.flatMap((g) => g.features);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Latest verdict per provider, model and feature</caption>
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <td />
            {groups.map((g) => (
              <th
                key={g.group}
                scope="colgroup"
                colSpan={g.features.length}
                className="border-l px-2 py-1 text-center uppercase dark:border-zinc-800"
              >
                {g.group}
              </th>
            ))}
          </tr>
          <tr>
            <th scope="col" className="px-3 py-2">
              Provider · model
            </th>
            {ordered.map((f) => (
              <th key={f.feature} scope="col" title={f.description} className="px-1 py-2 text-center font-medium">
                {f.title}
              </th>
            ))}
          </tr>
        </thead>
        {groupByProvider(rows).map((group) => {
          const first = group[0];
          if (!first) return null;
          const running = group.some((r) => r.lastRun?.status === "running");
          return (
            <tbody key={first.providerId} className="border-t border-zinc-200 dark:border-zinc-800">
              <tr className="bg-zinc-50/60 dark:bg-zinc-900/60">
                <th scope="colgroup" colSpan={ordered.length + 1} className="px-3 py-1.5 text-left">
                  <span className="font-semibold">{first.providerName}</span>{" "}
                  <span className="text-xs font-normal text-zinc-500">{first.providerKind}</span>
                  {canRun ? (
                    <button
                      type="button"
                      className={`${smallButton} ml-3`}
                      disabled={busy || running}
                      onClick={() => onRun(group)}
                      aria-label={`Run probes for every model of ${first.providerName}`}
                    >
                      Run provider
                    </button>
                  ) : null}
                </th>
              </tr>
              {group.map((row) => (
                <MatrixTableRow
                  key={`${row.providerId} ${row.model}`}
                  row={row}
                  features={ordered}
                  canRun={canRun}
                  busy={busy}
                  onRun={onRun}
                  onCancel={onCancel}
                  onOpen={onOpen}
                />
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

function MatrixTableRow({
  row,
  features,
  canRun,
  busy,
  onRun,
  onCancel,
  onOpen,
}: {
  row: MatrixRow;
  features: FeatureView[];
  canRun: boolean;
  busy: boolean;
  onRun: (rows: MatrixRow[]) => void;
  onCancel: (runId: string) => void;
  onOpen: (cell: CellRef) => void;
}) {
  const run = row.lastRun;
  const isRunning = run?.status === "running";
  const label = `${row.providerName} · ${row.model}`;
  const history = `/matrix/history?${new URLSearchParams({ providerId: row.providerId, model: row.model })}`;
  return (
    <tr aria-label={label} className="border-t border-zinc-100 dark:border-zinc-800/60">
      <th scope="row" className="whitespace-nowrap px-3 py-1.5 align-top font-normal">
        <div className="font-mono text-xs">{row.model}</div>
        <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500">
          {isRunning && run ? (
            <>
              <Spinner label="Probing" />
              <span aria-live="polite">
                {run.done} of {run.total}
              </span>
              {canRun ? (
                <button
                  type="button"
                  className={smallButton}
                  onClick={() => onCancel(run.id)}
                  aria-label={`Cancel the run of ${label}`}
                >
                  Cancel
                </button>
              ) : null}
            </>
          ) : (
            <>
              {run ? (
                <span title={run.startedAt}>{new Date(run.startedAt).toLocaleString()}</span>
              ) : (
                <span>not probed</span>
              )}
              {canRun ? (
                <button
                  type="button"
                  className={smallButton}
                  disabled={busy}
                  onClick={() => onRun([row])}
                  aria-label={`Run probes for ${label}`}
                >
                  Run
                </button>
              ) : null}
            </>
          )}
          {run ? (
            <Link href={history} className="underline" aria-label={`History of ${label}`}>
              History
            </Link>
          ) : null}
        </div>
      </th>
      {row.unreachable && !isRunning ? (
        <td colSpan={features.length} className="px-3 py-1.5 text-sm text-red-700 dark:text-red-300">
          <span aria-hidden="true">❓ </span>Unreachable: {row.unreachable}
          {run ? (
            <Link href={`/runs/${run.id}`} className="ml-2 text-xs underline">
              see the run
            </Link>
          ) : null}
        </td>
      ) : (
        features.map((f) => {
          const cell = row.cells[f.feature];
          const pending = Boolean(isRunning && run?.features.includes(f.feature) && cell?.runId !== run.id);
          return (
            <MatrixCell
              key={f.feature}
              cell={cell}
              feature={f}
              rowLabel={label}
              pending={pending}
              onOpen={() => onOpen({ providerId: row.providerId, model: row.model, feature: f.feature })}
            />
          );
        })
      )}
    </tr>
  );
}
