import { FEATURE_GROUPS } from "@/lib/probe-vocabulary";
import type { MatrixRow } from "@/lib/schemas/matrix";
import type { FeatureView } from "@/lib/schemas/probes";
import type { RunControls } from "./target-header";

/** Which cell is open: provider, model and feature (also the page's search params). */
export type CellRef = { providerId: string; model: string; feature: string };

/** What both layouts of the grid take: the features and rows shown, the run controls, and opening a cell. */
export type MatrixGridProps = {
  features: FeatureView[];
  rows: MatrixRow[];
  controls: RunControls;
  onOpen: (cell: CellRef) => void;
};

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

const VOWEL = /[aeiouy]/i;

/**
 * Where a long word may break in a narrow column header: between two consonants near its
 * middle ("com-pletions", "Embed-dings"; never inside "pl", "tr"…), else before "-ing"
 * ("Stream-ing"), else after a vowel ("probabi-lities"). Browsers
 * often ship no hyphenation dictionary (Chromium on Linux), so `hyphens: auto` alone breaks
 * words anywhere; a soft hyphen breaks them where a reader expects. Underscores may break too.
 */
export function breakableTitle(title: string): string {
  return title
    .split(" ")
    .map((word) => {
      if (word.includes("_")) return word.replace(/_/g, "_\u200b");
      if (word.length <= 8) return word;
      const middle = word.length / 2;
      const at = (test: (i: number) => boolean) =>
        [...word]
          .map((_, i) => i)
          .filter((i) => i >= 3 && i <= word.length - 3 && test(i))
          .sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle))[0];
      // Not inside a cluster that starts a syllable ("pl", "tr"): "com-pletions", not "comp-letions".
      const consonants = at((i) => !VOWEL.test(word[i - 1]!) && !VOWEL.test(word[i]!) && !/[lr]/i.test(word[i]!));
      const suffix = /ing$/i.test(word) ? word.length - 3 : undefined;
      const split = consonants ?? suffix ?? at((i) => VOWEL.test(word[i - 1]!) && !VOWEL.test(word[i]!));
      return split === undefined ? word : `${word.slice(0, split)}\u00ad${word.slice(split)}`;
    })
    .join(" ");
}
