"use client";

import { TableHead, type TableColumn } from "@/app/_components/table";
import { labelClass, selectClass } from "@/app/_components/ui";
import { VerdictBadge } from "@/app/_components/verdict";
import { exactTime } from "@/lib/format-time";
import { diffVerdicts } from "@/lib/matrix";
import { runTriggerText } from "@/lib/probe-vocabulary";
import type { HistoryRun, VerdictChange } from "@/lib/schemas/matrix";

/** A run in a picker (options cannot show a tooltip): the exact time and who started it. */
const runOption = (r: HistoryRun) => `${exactTime(r.startedAt)} · ${runTriggerText(r.trigger, r.startedBy)}`;

const CHANGE_STYLE: Record<VerdictChange["kind"], { word: string; className: string }> = {
  regression: { word: "Regression", className: "text-red-700 dark:text-red-300" },
  fix: { word: "Fix", className: "text-emerald-700 dark:text-emerald-300" },
  change: { word: "Change", className: "text-zinc-700 dark:text-zinc-300" },
};

/** Each changed verdict: regression, fix or change, the feature, and from → to. */
export function Changes({ changes, titles }: { changes: VerdictChange[]; titles: Map<string, string> }) {
  if (changes.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No verdict changed.</p>;
  return (
    <ul className="space-y-1.5 text-sm">
      {changes.map((c) => (
        <li key={c.feature} className="flex flex-wrap items-center gap-2">
          <span className={`font-semibold ${CHANGE_STYLE[c.kind].className}`}>{CHANGE_STYLE[c.kind].word}:</span>
          {titles.get(c.feature) ?? c.feature} {c.from ? <VerdictBadge verdict={c.from} /> : "—"}
          <span aria-hidden="true">→</span>
          <span className="sr-only">to</span>
          {c.to ? <VerdictBadge verdict={c.to} /> : "—"}
        </li>
      ))}
    </ul>
  );
}

/** A picked run's id and its setter, as `useState` gives them. */
type PickedRun = [id: string, pick: (id: string) => void];

const COMPARE_COLUMNS: TableColumn[] = [
  { key: "feature", label: "Feature", className: "pr-4 text-left" },
  { key: "before", label: "Before", className: "pr-4" },
  "After",
];

/**
 * Any two runs side by side: pick Before and After, then each feature's two verdicts (the
 * ones that differ highlighted) and the changes between them.
 */
export function CompareRuns({
  runs,
  order,
  titles,
  before,
  after,
}: {
  runs: HistoryRun[];
  /** The features in the matrix's order. */
  order: string[];
  titles: Map<string, string>;
  /** Each picked run's id, and its setter (the page keeps them). */
  before: PickedRun;
  after: PickedRun;
}) {
  const runA = runs.find((r) => r.id === before[0]);
  const runB = runs.find((r) => r.id === after[0]);
  return (
    <>
      <div className="mb-3 flex min-w-0 flex-wrap gap-3">
        <RunPicker label="Before" runs={runs} picked={before} />
        <RunPicker label="After" runs={runs} picked={after} />
      </div>
      {runA && runB ? (
        <table className="text-sm">
          <caption className="sr-only">Verdicts of the two runs side by side</caption>
          <TableHead columns={COMPARE_COLUMNS} />
          <tbody>
            {order.map((f) => {
              const x = runA.verdicts[f]?.verdict;
              const y = runB.verdicts[f]?.verdict;
              return (
                <tr key={f} className={x !== y ? "bg-amber-50 dark:bg-amber-950" : ""}>
                  <th scope="row" className="pr-4 text-left font-normal">
                    {titles.get(f) ?? f}
                  </th>
                  <td className="pr-4">{x ? <VerdictBadge verdict={x} /> : "—"}</td>
                  <td>{y ? <VerdictBadge verdict={y} /> : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {runA && runB ? (
        <div className="mt-2">
          <Changes changes={diffVerdicts(runA.verdicts, runB.verdicts, order)} titles={titles} />
        </div>
      ) : null}
    </>
  );
}

/** A labelled picker of one of the runs. */
function RunPicker({
  label,
  runs,
  picked: [value, onChange],
}: {
  label: string;
  runs: HistoryRun[];
  picked: PickedRun;
}) {
  return (
    <label className={`${labelClass} min-w-0 max-w-full`}>
      {label}{" "}
      <select
        className={`${selectClass} mt-1 block w-full max-w-full`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {runs.map((r) => (
          <option key={r.id} value={r.id} suppressHydrationWarning>
            {runOption(r)}
          </option>
        ))}
      </select>
    </label>
  );
}
