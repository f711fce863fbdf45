"use client";

import type { MatrixRow } from "@/lib/schemas/matrix";
import { MatrixCell } from "./matrix-cell";
import {
  type MatrixGridProps,
  breakableTitle,
  featureGroups,
  groupByProvider,
  headBg,
  isPending,
  rowLabel,
} from "./matrix-grid";
import { type RunControls, TargetHeader } from "./target-header";

/** Column widths are set on each header's content (a table cell's own width only suggests). */
const FEATURE_COL = "w-13";
const TARGET_COL = "w-40 sm:w-60";

/**
 * Providers as rows: one row per provider+model (its header sticks to the left), one
 * column per feature under its group's band (the header sticks to the top). 21 features
 * and the row header fit in 1,400 px; narrower, the grid scrolls inside its frame.
 */
export function MatrixByProvider({ features, rows, controls, onOpen }: MatrixGridProps) {
  const groups = featureGroups(features);
  const ordered = groups.flatMap((g) => g.features);
  const starts = new Set(groups.map((g) => g.features[0]?.feature));
  return (
    <table className="w-max border-separate border-spacing-0 text-sm">
      <caption className="sr-only">Latest verdict per provider and model (rows) and feature (columns)</caption>
      <thead className="sticky top-[var(--sticky-top,var(--app-header))] z-20 text-xs text-zinc-600 dark:text-zinc-300">
        <tr>
          <th
            rowSpan={2}
            scope="col"
            className={`${headBg} sticky left-0 z-30 border-b border-r border-zinc-200 p-0 text-left align-bottom font-medium dark:border-zinc-800`}
          >
            <div className={`${TARGET_COL} px-3 py-2`}>Provider · model</div>
          </th>
          {groups.map((g) => (
            <th
              key={g.group}
              scope="colgroup"
              colSpan={g.features.length}
              title={g.group}
              className={`${headBg} relative h-6 border-b border-l border-r border-zinc-200 border-l-zinc-300 p-0 text-center text-[10px] font-semibold uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:border-l-zinc-700 dark:text-zinc-400`}
            >
              {/* Out of the flow, so a long group name over one column never widens it. */}
              <span className="absolute inset-x-1 top-1 truncate">{g.group}</span>
            </th>
          ))}
        </tr>
        <tr>
          {ordered.map((f) => (
            <th
              key={f.feature}
              scope="col"
              title={`${f.title} (${f.feature}): ${f.description}`}
              className={`${headBg} relative border-b border-r border-zinc-200 p-0 text-center align-bottom text-[11px] font-medium leading-tight dark:border-zinc-800 ${
                starts.has(f.feature) ? "border-l border-l-zinc-300 dark:border-l-zinc-700" : ""
              }`}
            >
              <div className={`${FEATURE_COL} px-1 py-1.5 break-words hyphens-manual`}>{breakableTitle(f.title)}</div>
            </th>
          ))}
        </tr>
      </thead>
      {groupByProvider(rows).map((group) => {
        const first = group[0];
        if (!first) return null;
        return (
          <tbody key={first.providerId}>
            {group.length > 1 ? <ProviderBand rows={group} columns={ordered.length + 1} controls={controls} /> : null}
            {group.map((row) => {
              const label = rowLabel(row);
              const unreachable = row.unreachable && row.lastRun?.status !== "running";
              return (
                <tr key={label} aria-label={label}>
                  <th
                    scope="row"
                    aria-label={label}
                    className="sticky left-0 z-10 border-b border-r border-zinc-200 bg-white p-0 align-middle font-normal dark:border-zinc-800 dark:bg-zinc-950"
                  >
                    <div className={`${TARGET_COL} px-3 py-1.5`}>
                      <TargetHeader row={row} controls={controls} />
                    </div>
                  </th>
                  {unreachable ? (
                    <td
                      colSpan={ordered.length}
                      className="relative border-b border-zinc-200 px-3 py-1.5 text-sm text-red-700 dark:border-zinc-800 dark:text-red-300"
                    >
                      <span className="line-clamp-2">Unreachable: {row.unreachable}</span>
                    </td>
                  ) : (
                    ordered.map((f) => (
                      <MatrixCell
                        key={f.feature}
                        cell={row.cells[f.feature]}
                        feature={f}
                        providerName={row.providerName}
                        label={label}
                        pending={isPending(row, f.feature)}
                        groupStart={starts.has(f.feature)}
                        onOpen={() => onOpen({ providerId: row.providerId, model: row.model, feature: f.feature })}
                      />
                    ))
                  )}
                </tr>
              );
            })}
          </tbody>
        );
      })}
    </table>
  );
}

/** A provider with several probed models: its name and "Run every model" above them. */
function ProviderBand({ rows, columns, controls }: { rows: MatrixRow[]; columns: number; controls: RunControls }) {
  const first = rows[0]!;
  const running = rows.some((r) => r.lastRun?.status === "running");
  return (
    <tr>
      <th
        scope="colgroup"
        colSpan={columns}
        className={`${headBg} relative border-b border-zinc-200 px-3 py-1 text-left text-xs dark:border-zinc-800`}
      >
        <span className="sticky left-3 inline-flex items-center gap-2">
          <span className="font-semibold">{first.providerName}</span>
          <span className="font-normal text-zinc-500">{rows.length} models</span>
          {controls.canRun ? (
            <button
              type="button"
              className="rounded border border-zinc-300 px-2 py-0.5 font-medium hover:bg-white disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
              disabled={controls.busy || running}
              onClick={() => controls.onRun(rows)}
              aria-label={`Run probes for every model of ${first.providerName}`}
            >
              Run every model
            </button>
          ) : null}
        </span>
      </th>
    </tr>
  );
}
