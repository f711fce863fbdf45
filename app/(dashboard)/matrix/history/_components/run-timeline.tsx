"use client";

import Link from "next/link";
import { RelativeTime } from "@/app/_components/relative-time";
import { ScrollFrame } from "@/app/_components/scroll-frame";
import { TableHead, type TableColumn } from "@/app/_components/table";
import { VerdictIcon } from "@/app/_components/verdict";
import { exactTime } from "@/lib/format-time";
import { VERDICT_INFO, VERDICTS, runTriggerText } from "@/lib/probe-vocabulary";
import type { HistoryRun, RunHistoryView } from "@/lib/schemas/matrix";

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

/** The runs, newest first: when (the permalink), trigger, status, server version and verdict counts. */
export function RunsTable({ runs }: { runs: HistoryRun[] }) {
  return (
    <ScrollFrame label="Runs" framed={false}>
      <table className="w-full min-w-[44rem] text-left text-sm">
        <caption className="sr-only">Runs, newest first, with verdict counts</caption>
        <TableHead
          columns={RUN_COLUMNS}
          className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900"
          cellClassName="px-3 py-2"
        />
        <tbody>
          {runs.map((r) => (
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
  );
}

/** One strip per feature: its verdict in each run, oldest to newest (a dot where it was not probed). */
export function VerdictStrips({
  features,
  oldestFirst,
}: {
  features: RunHistoryView["features"];
  oldestFirst: HistoryRun[];
}) {
  return (
    <ul className="space-y-1 text-sm">
      {features.map((f) => (
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
  );
}
