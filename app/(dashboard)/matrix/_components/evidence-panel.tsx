"use client";

import { Asterisk, Flag, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { RelativeTime } from "@/app/_components/relative-time";
import { VerdictBadge } from "@/app/_components/verdict";
import { exchangeErrorText, prettyExcerpt } from "@/lib/matrix";
import { flagText, runTriggerText } from "@/lib/probe-vocabulary";
import { useCellHistory, useRun } from "@/lib/queries/matrix";
import type { MatrixCell, MatrixRow } from "@/lib/schemas/matrix";
import type { ExchangeView, FeatureView, ProbeResultView, ProbeRunDetail } from "@/lib/schemas/probes";

/** Wrapped, never clipped: long tokens break anywhere rather than run off the panel. */
const codeClass =
  "max-h-64 overflow-y-auto whitespace-pre-wrap [overflow-wrap:anywhere] rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-900";

function Exchange({ ex }: { ex: ExchangeView }) {
  return (
    <div className="min-w-0 space-y-1 rounded border border-zinc-200 p-2 dark:border-zinc-800">
      <p className="font-mono text-xs [overflow-wrap:anywhere]">
        {ex.request.method} {ex.request.path} · {ex.ms} ms
      </p>
      {ex.request.body !== undefined ? (
        <details>
          <summary className="cursor-pointer text-xs">Request excerpt</summary>
          <pre className={codeClass}>{prettyExcerpt(ex.request.body)}</pre>
        </details>
      ) : null}
      {ex.error ? (
        <p className="text-xs text-red-700 [overflow-wrap:anywhere] dark:text-red-300" data-testid="exchange-error">
          {exchangeErrorText(ex.error)}
        </p>
      ) : null}
      {ex.response ? (
        <div>
          <p className="text-xs">{ex.error ? "Response body" : `Response status ${ex.response.status}`}</p>
          <pre className={codeClass}>{prettyExcerpt(ex.response.excerpt)}</pre>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The evidence behind one cell, in a modal dialog (Escape or Close closes it; focus returns
 * to the page): reason, each request and response excerpt, latency/TTFT, run time, server
 * version and the previous verdict of the same cell.
 */
export function EvidencePanel({
  row,
  feature,
  onClose,
}: {
  row: MatrixRow;
  feature: FeatureView;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cell = row.cells[feature.feature];
  const run = useRun(cell?.runId ?? null);
  const history = useCellHistory({ providerId: row.providerId, model: row.model, feature: feature.feature });
  const result = run.data?.results.find((r) => r.feature === feature.feature);
  const list = history.data ?? [];
  const index = list.findIndex((r) => r.id === cell?.resultId);
  const previous = index >= 0 ? list[index + 1] : undefined;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="evidence-title"
      className="ml-auto mr-0 h-full max-h-none w-full max-w-xl overflow-y-auto overflow-x-hidden bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/30 dark:bg-zinc-950 dark:text-zinc-100"
    >
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <h2 id="evidence-title" className="text-lg font-semibold">
            {feature.title} — evidence
          </h2>
          <p className="text-sm text-zinc-500">
            {row.providerName} · <span className="font-mono">{row.model}</span>
          </p>
        </div>
        <button
          type="button"
          className="inline-flex size-8 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          aria-label="Close"
          title="Close (Esc)"
          onClick={() => ref.current?.close()}
        >
          <X aria-hidden="true" size={18} />
        </button>
      </div>
      {!cell ? (
        <p className="mt-4 text-sm">This feature has not been probed for this model yet.</p>
      ) : (
        <CellFacts cell={cell} result={result} run={run.data} previous={history.isPending ? "loading" : previous} />
      )}
      {cell ? (
        <section aria-label="Requests and responses" className="mt-5 space-y-2">
          <h3 className="text-sm font-semibold">Requests and responses</h3>
          {run.isError ? <p role="alert">{run.error.message}</p> : null}
          {run.isPending ? <p className="text-sm text-zinc-500">Loading evidence…</p> : null}
          {result?.evidence.exchanges.map((ex, i) => (
            <Exchange key={i} ex={ex} />
          ))}
          {result && result.evidence.exchanges.length === 0 ? <p className="text-sm">No request was needed.</p> : null}
        </section>
      ) : null}
    </dialog>
  );
}

const termClass = "text-zinc-500";

/**
 * The cell's verdict and reason, what the server declared against what was seen, the result's
 * warnings and flags, latency, when and by what run it was probed, and the verdict before it.
 */
function CellFacts({
  cell,
  result,
  run,
  previous,
}: {
  cell: MatrixCell;
  /** The stored result (with its evidence), once its run is read. */
  result: ProbeResultView | undefined;
  run: ProbeRunDetail | undefined;
  /** The same cell's verdict before this one ("loading" while the cell's history is read). */
  previous: ProbeResultView | undefined | "loading";
}) {
  return (
    <dl className="mt-4 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
      <dt className={termClass}>Verdict</dt>
      <dd>
        <VerdictBadge verdict={cell.verdict} />
      </dd>
      <dt className={termClass}>Reason</dt>
      <dd data-testid="evidence-reason" className="[overflow-wrap:anywhere]">
        {cell.reason}
      </dd>
      {cell.disagreement ? (
        <>
          <dt className={termClass}>Declared ≠ observed</dt>
          <dd className="flex items-start gap-1.5">
            <Flag aria-hidden="true" size={14} className="mt-0.5 shrink-0 fill-fuchsia-600 text-fuchsia-700" />
            {cell.disagreement}
          </dd>
        </>
      ) : null}
      {result ? <ResultNotes result={result} /> : null}
      <dt className={termClass}>Latency</dt>
      <dd>
        {cell.latencyMs} ms{cell.ttftMs !== null ? ` · first token ${cell.ttftMs} ms` : ""}
      </dd>
      <dt className={termClass}>Probed</dt>
      <dd>
        <RelativeTime iso={cell.createdAt} /> · {runTriggerText(cell.trigger, cell.startedBy)} ·{" "}
        <Link href={`/runs/${cell.runId}`} className="underline">
          run permalink
        </Link>
      </dd>
      <dt className={termClass}>Server version</dt>
      <dd>{run ? (run.serverVersion ?? "not exposed") : "…"}</dd>
      <dt className={termClass}>Previous verdict</dt>
      <dd data-testid="evidence-previous">
        {previous === "loading" ? "…" : previous ? <VerdictBadge verdict={previous.verdict} /> : "none (first run)"}
      </dd>
    </dl>
  );
}

/** The result's warnings (schema deviations, impossible answers) and flags, where it has any. */
function ResultNotes({ result }: { result: ProbeResultView }) {
  return (
    <>
      {result.warnings.length ? (
        <>
          <dt className={termClass}>Warnings</dt>
          <dd>
            <ul aria-label="Warnings" className="space-y-1">
              {result.warnings.map((w) => (
                <li key={w} className="flex items-start gap-1.5 [overflow-wrap:anywhere]">
                  <Asterisk
                    aria-hidden="true"
                    size={13}
                    strokeWidth={3}
                    className="mt-1 shrink-0 text-sky-700 dark:text-sky-300"
                  />
                  {w}
                </li>
              ))}
            </ul>
            <p className="mt-1 text-xs text-zinc-500">
              Deviations from OpenAI&apos;s published schemas and answers that cannot be true: strict clients break on
              them, the verdict does not change.
            </p>
          </dd>
        </>
      ) : null}
      {result.flags.length ? (
        <>
          <dt className={termClass}>Flags</dt>
          <dd>
            <ul aria-label="Flags" className="list-disc space-y-1 pl-4">
              {result.flags.map((f) => (
                <li key={f} title={f} className="[overflow-wrap:anywhere]">
                  {flagText(f)}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </>
  );
}
