import { FEATURE_GROUPS } from "@/lib/probe-vocabulary";
import type { MatrixRow } from "@/lib/schemas/matrix";
import type { FeatureView } from "@/lib/schemas/probes";

/** Which cell is open: provider, model and feature (also the page's search params). */
export type CellRef = { providerId: string; model: string; feature: string };

/** Features in registry order, grouped into the matrix's bands (empty groups left out). */
export function featureGroups(features: FeatureView[]) {
  return FEATURE_GROUPS.map((group) => ({ group, features: features.filter((f) => f.group === group) })).filter(
    (g) => g.features.length > 0,
  );
}

/** Whether the cell of `feature` still waits for the running run of `row`. */
export function isPending(row: MatrixRow, feature: string): boolean {
  const run = row.lastRun;
  return Boolean(run?.status === "running" && run.features.includes(feature) && row.cells[feature]?.runId !== run.id);
}

/** Rows grouped by provider, in the order of their first (sorted) row. */
export function groupByProvider(rows: readonly MatrixRow[]): MatrixRow[][] {
  const groups = new Map<string, MatrixRow[]>();
  for (const r of rows) groups.set(r.providerId, [...(groups.get(r.providerId) ?? []), r]);
  return [...groups.values()];
}

export const rowLabel = (row: MatrixRow) => `${row.providerName} · ${row.model}`;

/** Sticky header cells need an opaque background (they scroll over the cells). */
export const headBg = "bg-zinc-50 dark:bg-zinc-900";
