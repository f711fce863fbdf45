"use client";

import { Columns3, Rows3 } from "lucide-react";
import { buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import type { MatrixOrientation } from "@/lib/matrix";
import { progressClass } from "./target-header";

const segment =
  "inline-flex items-center gap-1.5 px-2.5 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md aria-pressed:bg-zinc-900 aria-pressed:text-white dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900";

/** "Providers as rows" / "Features as rows" (remembered for the user). */
export function OrientationToggle({
  value,
  onChange,
}: {
  value: MatrixOrientation;
  onChange: (o: MatrixOrientation) => void;
}) {
  return (
    <div
      role="group"
      aria-label="Layout"
      className="inline-flex divide-x divide-zinc-300 rounded-md border border-zinc-300 bg-white shadow-sm dark:divide-zinc-700 dark:border-zinc-700 dark:bg-zinc-900"
    >
      <button
        type="button"
        className={segment}
        aria-pressed={value === "providers"}
        onClick={() => onChange("providers")}
      >
        <Rows3 aria-hidden="true" size={16} />
        Providers as rows
      </button>
      <button
        type="button"
        className={segment}
        aria-pressed={value === "features"}
        onClick={() => onChange("features")}
      >
        <Columns3 aria-hidden="true" size={16} />
        Features as rows
      </button>
    </div>
  );
}

/** Run all probes, and the exports of what is shown. */
export function MatrixActions({
  canRun,
  starting,
  onRunAll,
  exportHref,
}: {
  canRun: boolean;
  starting: boolean;
  onRunAll: () => void;
  exportHref: (format: "csv" | "markdown" | "json") => string;
}) {
  const small = `${secondaryButtonClass} px-2.5 py-1.5`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <nav aria-label="Export" className="flex items-center gap-1 text-sm">
        <span className="mr-1 text-xs text-zinc-500">Export</span>
        <a className={small} href={exportHref("csv")}>
          CSV
        </a>
        <a className={small} href={exportHref("markdown")}>
          Markdown
        </a>
        <a className={small} href={exportHref("json")}>
          JSON
        </a>
      </nav>
      {canRun ? (
        <button type="button" className={buttonClass} disabled={starting} onClick={onRunAll}>
          {starting ? "Starting…" : "Run all probes"}
        </button>
      ) : null}
    </div>
  );
}

/** One bar for everything being probed: done only grows, the total stays until all runs end. */
export function ProbingBar({ done, total, runs }: { done: number; total: number; runs: number }) {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <span role="status" className="shrink-0 font-medium tabular-nums">
        Probing: {done} of {total} results
        <span className="font-normal text-zinc-600 dark:text-zinc-400">
          {" "}
          · {runs} run{runs === 1 ? "" : "s"}
        </span>
      </span>
      <progress
        aria-label="Probing progress"
        max={total}
        value={done}
        className={`${progressClass} h-2 min-w-24 flex-1`}
      />
      <span className="w-10 shrink-0 text-right tabular-nums text-zinc-600 dark:text-zinc-400">{pct}%</span>
    </div>
  );
}
