"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { EmptyState, buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import { VERDICT_LEGEND, filterMatrixRows, readMatrixQuery } from "@/lib/matrix";
import { useCancelRun, useMatrix, useStartRuns } from "@/lib/queries/matrix";
import type { MatrixQuery, MatrixRow, MatrixView as Matrix } from "@/lib/schemas/matrix";
import { EvidencePanel } from "./evidence-panel";
import { MatrixFilters } from "./matrix-filters";
import { MatrixTable, type CellRef } from "./matrix-table";

function queryString(q: MatrixQuery): string {
  const p = new URLSearchParams();
  if (q.environment) p.set("environment", q.environment);
  if (q.kind) p.set("kind", q.kind);
  if (q.problems) p.set("problems", "1");
  if (q.sort !== "name") p.set("sort", q.sort);
  return p.toString();
}

/**
 * The live matrix: filters and the open evidence panel live in the URL (shareable), runs
 * start from here and their cells fill in as results are stored.
 */
export function MatrixView({ initialMatrix, canRun }: { initialMatrix: Matrix; canRun: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const matrix = useMatrix(initialMatrix);
  const start = useStartRuns();
  const cancel = useCancelRun();
  // Local state answers at once (a controlled checkbox must not wait for the URL to change).
  const [query, setLocalQuery] = useState<MatrixQuery>(() => readMatrixQuery(Object.fromEntries(params)));
  const data = matrix.data ?? initialMatrix;
  const rows = filterMatrixRows(data.rows, query);

  const open = (cell: CellRef | null) => {
    const p = new URLSearchParams(queryString(query));
    if (cell) {
      p.set("provider", cell.providerId);
      p.set("model", cell.model);
      p.set("feature", cell.feature);
    }
    router.replace(`${pathname}${p.size ? `?${p}` : ""}`, { scroll: false });
  };
  const setQuery = (q: MatrixQuery) => {
    setLocalQuery(q);
    router.replace(`${pathname}?${queryString(q)}`, { scroll: false });
  };
  const openRow = data.rows.find((r) => r.providerId === params.get("provider") && r.model === params.get("model"));
  const openFeature = data.features.find((f) => f.feature === params.get("feature"));

  const run = (targets: MatrixRow[]) =>
    start.mutate(
      targets.map((r) => ({ providerId: r.providerId, model: r.model })),
      {
        onSuccess: (started) => {
          const fresh = started.filter((s) => s.created).length;
          const already = started.length - fresh;
          toast.success(
            [
              fresh ? `Started ${fresh} run${fresh === 1 ? "" : "s"}.` : "",
              already ? `${already} already running.` : "",
            ]
              .filter(Boolean)
              .join(" "),
          );
        },
        onError: (err) => toast.error(err.message),
      },
    );
  const stop = (id: string) =>
    cancel.mutate(id, { onSuccess: () => toast.success("Run cancelled."), onError: (err) => toast.error(err.message) });

  const running = data.rows.filter((r) => r.lastRun?.status === "running");
  const done = running.reduce((n, r) => n + (r.lastRun?.done ?? 0), 0);
  const total = running.reduce((n, r) => n + (r.lastRun?.total ?? 0), 0);
  const neverProbed = data.rows.every((r) => r.lastRun === null);
  const exportHref = (format: string) =>
    `/api/matrix/export?${new URLSearchParams({ format, ...Object.fromEntries(new URLSearchParams(queryString(query))) })}`;

  if (neverProbed) {
    return (
      <EmptyState title="No probe results yet">
        <p>
          {data.providerCount} provider{data.providerCount === 1 ? " is" : "s are"} configured but not probed yet. Each
          cell will show a verdict — supported, partial, unsupported, error or skipped — with the evidence behind it.
        </p>
        {canRun ? (
          <button
            type="button"
            className={`${buttonClass} mt-6`}
            disabled={start.isPending}
            onClick={() => run(data.rows)}
          >
            {start.isPending ? "Starting…" : "Run probes"}
          </button>
        ) : (
          <p className="mt-2">Ask a member to run the probes.</p>
        )}
      </EmptyState>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <MatrixFilters query={query} onChange={setQuery} />
        <div className="flex flex-wrap items-center gap-2">
          {running.length > 0 ? (
            <p role="status" className="text-sm">
              Probing: {done} of {total}
            </p>
          ) : null}
          {canRun ? (
            <button type="button" className={buttonClass} disabled={start.isPending} onClick={() => run(rows)}>
              Run all probes
            </button>
          ) : null}
          <nav aria-label="Export" className="flex gap-1 text-sm">
            <a className={secondaryButtonClass} href={exportHref("csv")}>
              CSV
            </a>
            <a className={secondaryButtonClass} href={exportHref("markdown")}>
              Markdown
            </a>
            <a className={secondaryButtonClass} href={exportHref("json")}>
              JSON
            </a>
          </nav>
        </div>
      </div>
      {matrix.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {matrix.error.message}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No rows match these filters.</p>
      ) : (
        <MatrixTable
          features={data.features}
          rows={rows}
          canRun={canRun}
          busy={start.isPending}
          onRun={run}
          onCancel={stop}
          onOpen={open}
        />
      )}
      <p className="text-xs text-zinc-500">{VERDICT_LEGEND}. Hover a cell for its latency; open it for the evidence.</p>
      {openRow && openFeature ? (
        <EvidencePanel
          key={`${openRow.providerId} ${openRow.model} ${openFeature.feature}`}
          row={openRow}
          feature={openFeature}
          onClose={() => open(null)}
        />
      ) : null}
    </div>
  );
}
