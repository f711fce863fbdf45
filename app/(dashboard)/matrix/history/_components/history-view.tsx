"use client";

import { useState } from "react";
import { secondaryButtonClass } from "@/app/_components/ui";
import { MAX_HISTORY_RUNS } from "@/lib/matrix";
import { HISTORY_PAGE, useRunHistory } from "@/lib/queries/matrix";
import type { RunHistoryView } from "@/lib/schemas/matrix";
import { LatencyChart } from "./latency-chart";
import { RunsTable, VerdictStrips } from "./run-timeline";
import { Changes, CompareRuns } from "./verdict-changes";

/** One panel of the page: a card titled by its heading. */
function HistoryCard({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="min-w-0 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-labelledby={id}>
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

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
  const oldestFirst = [...data.runs].reverse();

  if (data.runs.length === 0) return <p className="text-sm">This model has not been probed yet.</p>;
  return (
    <div className="space-y-6">
      <HistoryCard id="changes-title" title="Changes since the previous run">
        {data.runs.length < 2 ? (
          <p className="text-sm">Only one run so far.</p>
        ) : (
          <Changes changes={data.changes} titles={titles} />
        )}
      </HistoryCard>

      <HistoryCard id="timeline-title" title="Runs">
        <RunsTable runs={data.runs} />
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
      </HistoryCard>

      <HistoryCard id="latency-title" title="Latency per feature over time">
        <LatencyChart runs={oldestFirst} features={data.features} />
      </HistoryCard>
      <div className="grid gap-6 xl:grid-cols-2">
        <HistoryCard id="strips-title" title="Verdicts per feature over time (oldest → newest)">
          <VerdictStrips features={data.features} oldestFirst={oldestFirst} />
        </HistoryCard>

        <HistoryCard id="diff-title" title="Compare two runs">
          <CompareRuns runs={data.runs} order={order} titles={titles} before={[a, setA]} after={[b, setB]} />
        </HistoryCard>
      </div>
    </div>
  );
}
