"use client";

import { MatrixCell } from "./matrix-cell";
import { type MatrixGridProps, featureGroups, headBg, isPending, rowLabel } from "./matrix-grid";
import { TargetHeader } from "./target-header";

/** Column widths are set on each header's content (a table cell's own width only suggests). */
const FEATURE_COL = "w-36 sm:w-52";
const TARGET_COL = "w-42";

/**
 * Features as rows (the seed's table): one row per feature under its group's band, one
 * column per provider+model. The feature names stick to the left, the providers to the top.
 */
export function MatrixByFeature({ features, rows, controls, onOpen }: MatrixGridProps) {
  const groups = featureGroups(features);
  return (
    <table className="w-max border-separate border-spacing-0 text-sm">
      <caption className="sr-only">Latest verdict per feature (rows) and provider and model (columns)</caption>
      <thead className="sticky top-[var(--sticky-top,var(--app-header))] z-20">
        <tr>
          <th
            scope="col"
            className={`${headBg} sticky left-0 z-30 border-b border-r border-zinc-200 p-0 text-left align-bottom text-xs font-medium text-zinc-600 dark:border-zinc-800 dark:text-zinc-300`}
          >
            <div className={`${FEATURE_COL} px-3 py-2`}>Feature</div>
          </th>
          {rows.map((row) => (
            <th
              key={rowLabel(row)}
              scope="col"
              aria-label={rowLabel(row)}
              className={`${headBg} relative border-b border-r border-zinc-200 p-0 align-top font-normal dark:border-zinc-800`}
            >
              <div className={`${TARGET_COL} px-2 py-1.5`}>
                <TargetHeader row={row} controls={controls} />
              </div>
            </th>
          ))}
        </tr>
      </thead>
      {groups.map((g) => (
        <tbody key={g.group}>
          <tr>
            <th
              scope="rowgroup"
              colSpan={rows.length + 1}
              className="relative border-b border-zinc-200 bg-zinc-100/70 px-3 py-1 text-left text-[10px] font-semibold uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/70 dark:text-zinc-400"
            >
              <span className="sticky left-3">{g.group}</span>
            </th>
          </tr>
          {g.features.map((f) => (
            <tr key={f.feature} aria-label={f.title}>
              <th
                scope="row"
                title={f.description}
                className="sticky left-0 z-10 border-b border-r border-zinc-200 bg-white p-0 text-left text-sm font-normal dark:border-zinc-800 dark:bg-zinc-950"
              >
                <span className={`${FEATURE_COL} block truncate px-3 py-1`}>{f.title}</span>
              </th>
              {rows.map((row) => (
                <MatrixCell
                  key={rowLabel(row)}
                  cell={row.cells[f.feature]}
                  feature={f}
                  providerName={row.providerName}
                  label={rowLabel(row)}
                  pending={isPending(row, f.feature)}
                  onOpen={() => onOpen({ providerId: row.providerId, model: row.model, feature: f.feature })}
                />
              ))}
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}
