"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { EmptyState, buttonClass } from "@/app/_components/ui";
import { ScrollFrame } from "@/app/_components/scroll-frame";
import { type MatrixOrientation, defaultOrientation, filterMatrixRows, readMatrixQuery } from "@/lib/matrix";
import { useCancelRun, useMatrix, useStartRuns } from "@/lib/queries/matrix";
import { useSavePreferences } from "@/lib/queries/preferences";
import type { MatrixQuery, MatrixRow, MatrixView as Matrix } from "@/lib/schemas/matrix";
import { EvidencePanel } from "./evidence-panel";
import { MatrixByFeature } from "./matrix-by-feature";
import { MatrixByProvider } from "./matrix-by-provider";
import { MatrixFilters } from "./matrix-filters";
import type { CellRef } from "./matrix-grid";
import { MatrixLegend } from "./matrix-legend";
import { MatrixActions, OrientationToggle, ProbingBar } from "./matrix-toolbar";
import type { RunControls } from "./target-header";
import { useProbingProgress } from "./use-probing-progress";

function queryString(q: MatrixQuery): string {
  const p = new URLSearchParams();
  if (q.environment) p.set("environment", q.environment);
  if (q.kind) p.set("kind", q.kind);
  if (q.problems) p.set("problems", "1");
  if (q.sort !== "name") p.set("sort", q.sort);
  return p.toString();
}

/**
 * The live matrix: filters and the open evidence panel live in the URL (shareable), the
 * layout is remembered for the user, runs start from here and their cells fill in as
 * results are stored.
 */
export function MatrixView({
  initialMatrix,
  initialOrientation,
  canRun,
}: {
  initialMatrix: Matrix;
  /** The user's saved layout; null: chosen by the matrix's size. */
  initialOrientation: MatrixOrientation | null;
  canRun: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const matrix = useMatrix(initialMatrix);
  const savePreferences = useSavePreferences();
  // Local state answers at once (a controlled checkbox must not wait for the URL to change).
  const [query, setLocalQuery] = useState<MatrixQuery>(() => readMatrixQuery(Object.fromEntries(params)));
  const [chosen, setChosen] = useState(initialOrientation);
  const data = matrix.data ?? initialMatrix;
  const rows = filterMatrixRows(data.rows, query);
  const orientation = chosen ?? defaultOrientation(data.rows.length);
  const progress = useProbingProgress(data.rows);

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
  const setOrientation = (o: MatrixOrientation) => {
    setChosen(o);
    savePreferences.mutate(
      { matrixOrientation: o },
      { onError: (err) => toast.error(`Could not remember the layout: ${err.message}`) },
    );
  };
  const openRow = data.rows.find((r) => r.providerId === params.get("provider") && r.model === params.get("model"));
  const openFeature = data.features.find((f) => f.feature === params.get("feature"));

  const { run, controls, starting } = useRunControls(canRun, progress.doneOf);
  const neverProbed = data.rows.every((r) => r.lastRun === null);
  const exportHref = (format: string) =>
    `/api/matrix/export?${new URLSearchParams({ format, ...Object.fromEntries(new URLSearchParams(queryString(query))) })}`;

  if (neverProbed)
    return (
      <NeverProbed
        providerCount={data.providerCount}
        canRun={canRun}
        starting={starting}
        onRun={() => run(data.rows)}
      />
    );

  const Grid = orientation === "features" ? MatrixByFeature : MatrixByProvider;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <MatrixFilters query={query} onChange={setQuery} />
        <div className="flex flex-wrap items-center gap-3">
          <OrientationToggle value={orientation} onChange={setOrientation} />
          <MatrixActions canRun={canRun} starting={starting} onRunAll={() => run(rows)} exportHref={exportHref} />
        </div>
      </div>
      {progress.overall ? <ProbingBar {...progress.overall} /> : null}
      {matrix.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {matrix.error.message}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No rows match these filters.</p>
      ) : (
        <ScrollFrame label="Compatibility matrix">
          <Grid features={data.features} rows={rows} controls={controls} onOpen={open} />
        </ScrollFrame>
      )}
      <MatrixLegend />
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

/**
 * Starting and cancelling runs from the matrix, with a toast of what started ("Started 2
 * runs. 1 already running."); `controls` is what each target header gets.
 */
function useRunControls(canRun: boolean, doneOf: RunControls["doneOf"]) {
  const start = useStartRuns();
  const cancel = useCancelRun();
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
  const controls: RunControls = { canRun, busy: start.isPending, onRun: run, onCancel: stop, doneOf };
  return { run, controls, starting: start.isPending };
}

/** Providers but no results yet: what the matrix will show, and Run probes (or who can). */
function NeverProbed({
  providerCount,
  canRun,
  starting,
  onRun,
}: {
  providerCount: number;
  canRun: boolean;
  starting: boolean;
  onRun: () => void;
}) {
  return (
    <EmptyState title="No probe results yet">
      <p>
        {providerCount} provider{providerCount === 1 ? " is" : "s are"} configured but not probed yet. Each cell will
        show a verdict — supported, partial, unsupported, error or skipped — with the evidence behind it.
      </p>
      {canRun ? (
        <button type="button" className={`${buttonClass} mt-6`} disabled={starting} onClick={onRun}>
          {starting ? "Starting…" : "Run probes"}
        </button>
      ) : (
        <p className="mt-2">Ask a member to run the probes.</p>
      )}
    </EmptyState>
  );
}
