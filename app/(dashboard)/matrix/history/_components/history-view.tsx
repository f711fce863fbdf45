"use client";

import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/app/_components/relative-time";
import { ScrollFrame } from "@/app/_components/scroll-frame";
import { TableHead, type TableColumn } from "@/app/_components/table";
import { labelClass, secondaryButtonClass, selectClass } from "@/app/_components/ui";
import { VerdictBadge, VerdictIcon } from "@/app/_components/verdict";
import { exactTime } from "@/lib/format-time";
import { MAX_HISTORY_RUNS, diffVerdicts } from "@/lib/matrix";
import { VERDICT_INFO, VERDICTS, runTriggerText } from "@/lib/probe-vocabulary";
import { HISTORY_PAGE, useRunHistory } from "@/lib/queries/matrix";
import type { HistoryRun, RunHistoryView, VerdictChange } from "@/lib/schemas/matrix";
import { LatencyChart } from "./latency-chart";

/** A run in a picker (options cannot show a tooltip): the exact time and who started it. */
const runOption = (r: HistoryRun) => `${exactTime(r.startedAt)} · ${runTriggerText(r.trigger, r.startedBy)}`;

const CHANGE_STYLE: Record<VerdictChange["kind"], { word: string; className: string }> = {
  regression: { word: "Regression", className: "text-red-700 dark:text-red-300" },
  fix: { word: "Fix", className: "text-emerald-700 dark:text-emerald-300" },
  change: { word: "Change", className: "text-zinc-700 dark:text-zinc-300" },
};

function Changes({ changes, titles }: { changes: VerdictChange[]; titles: Map<string, string> }) {
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

/** The runs table's columns: the run, then a count per verdict. */
const RUN_COLUMNS: TableColumn[] = [
  "When",
  "Trigger",
  "Status",
  "Server version",
  ...VERDICTS.map((v) => ({
    key: v,
    className: "px-2 py-2 text-center",
    label: (
      <span className="inline-flex items-center gap-1">
        <VerdictIcon verdict={v} size={14} />
        {VERDICT_INFO[v].label}
      </span>
    ),
  })),
];

const COMPARE_COLUMNS: TableColumn[] = [
  { key: "feature", label: "Feature", className: "pr-4 text-left" },
  { key: "before", label: "Before", className: "pr-4" },
  "After",
];

const card = "min-w-0 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";

/** Timeline, changes since the previous run, per-feature strips, a diff of any two runs and the latency chart. */
export function HistoryView({ initialHistory }: { initialHistory: RunHistoryView }) {
  const [limit, setLimit] = useState(HISTORY_PAGE);
  const history = useRunHistory(initialHistory.providerId, initialHistory.model, limit, initialHistory);
  const data = history.data ?? initialHistory;
  // The API returns at most MAX_HISTORY_RUNS; a full page may mean there are older runs.
  const mayHaveOlder = data.runs.length >= limit && limit < MAX_HISTORY_RUNS;
  const titles = new Map(data.features.map((f) => [f.feature, f.title]));
  const order = data.features.map((f) => f.feature);
  const [a, setA] = useState(data.runs[1]?.id ?? "");
  const [b, setB] = useState(data.runs[0]?.id ?? "");
  const runA = data.runs.find((r) => r.id === a);
  const runB = data.runs.find((r) => r.id === b);
  const oldestFirst = [...data.runs].reverse();

  if (data.runs.length === 0) return <p className="text-sm">This model has not been probed yet.</p>;
  return (
    <div className="space-y-6">
      <section className={card} aria-labelledby="changes-title">
        <h2 id="changes-title" className="mb-3 text-base font-semibold">
          Changes since the previous run
        </h2>
        {data.runs.length < 2 ? (
          <p className="text-sm">Only one run so far.</p>
        ) : (
          <Changes changes={data.changes} titles={titles} />
        )}
      </section>

      <section className={card} aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="mb-3 text-base font-semibold">
          Runs
        </h2>
        <ScrollFrame label="Runs" framed={false}>
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Runs, newest first, with verdict counts</caption>
            <TableHead
              columns={RUN_COLUMNS}
              className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900"
              cellClassName="px-3 py-2"
            />
            <tbody>
              {data.runs.map((r) => (
                <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <th scope="row" className="whitespace-nowrap px-3 py-1.5 font-normal">
                    <Link href={`/runs/${r.id}`} className="underline">
                      <RelativeTime iso={r.startedAt} />
                    </Link>
                  </th>
                  <td className="whitespace-nowrap px-3 py-1.5">{runTriggerText(r.trigger, r.startedBy)}</td>
                  <td className="px-3 py-1.5">{r.status}</td>
                  <td className="px-3 py-1.5">{r.serverVersion ?? "—"}</td>
                  {VERDICTS.map((v) => (
                    <td key={v} className="px-2 py-1.5 text-center">
                      {r.counts[v]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollFrame>
        <p className="mt-2 flex items-center gap-3 text-xs text-zinc-500">
          The newest {data.runs.length} runs.
          {mayHaveOlder ? (
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={history.isFetching}
              onClick={() => setLimit((l) => Math.min(l + HISTORY_PAGE, MAX_HISTORY_RUNS))}
            >
              {history.isFetching ? "Loading…" : "Show older runs"}
            </button>
          ) : null}
        </p>
      </section>

      <section className={card} aria-labelledby="latency-title">
        <h2 id="latency-title" className="mb-3 text-base font-semibold">
          Latency per feature over time
        </h2>
        <LatencyChart runs={oldestFirst} features={data.features} />
      </section>
      <div className="grid gap-6 xl:grid-cols-2">
        <section className={card} aria-labelledby="strips-title">
          <h2 id="strips-title" className="mb-3 text-base font-semibold">
            Verdicts per feature over time (oldest → newest)
          </h2>
          <ul className="space-y-1 text-sm">
            {data.features.map((f) => (
              <li key={f.feature} className="flex min-w-0 items-center gap-2">
                <span className="w-40 shrink-0 truncate sm:w-48" title={f.title}>
                  {f.title}
                </span>
                <span className="flex min-w-0 flex-wrap gap-0.5" role="list" aria-label={`${f.title} over time`}>
                  {oldestFirst.map((r) => {
                    const v = r.verdicts[f.feature]?.verdict;
                    const what = v ? VERDICT_INFO[v].label : "not probed";
                    return (
                      <span
                        key={r.id}
                        role="listitem"
                        title={`${exactTime(r.startedAt)}: ${what}`}
                        aria-label={what}
                        className="inline-flex size-4 items-center justify-center"
                      >
                        {v ? (
                          <VerdictIcon verdict={v} size={14} />
                        ) : (
                          <span aria-hidden="true" className="text-zinc-400">
                            ·
                          </span>
                        )}
                      </span>
                    );
                  })}
                </span>
              </li>
            ))}
          </ul>
        </section>

        <section className={card} aria-labelledby="diff-title">
          <h2 id="diff-title" className="mb-3 text-base font-semibold">
            Compare two runs
          </h2>
          <div className="mb-3 flex min-w-0 flex-wrap gap-3">
            {[
              ["Before", a, setA],
              ["After", b, setB],
            ].map(([label, value, set]) => (
              <label key={label as string} className={`${labelClass} min-w-0 max-w-full`}>
                {label as string}{" "}
                <select
                  className={`${selectClass} mt-1 block w-full max-w-full`}
                  value={value as string}
                  onChange={(e) => (set as (v: string) => void)(e.target.value)}
                >
                  {data.runs.map((r) => (
                    <option key={r.id} value={r.id} suppressHydrationWarning>
                      {runOption(r)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
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
        </section>
      </div>
    </div>
  );
}
