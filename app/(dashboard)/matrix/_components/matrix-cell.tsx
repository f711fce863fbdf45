"use client";

import type { MatrixCell as Cell } from "@/lib/schemas/matrix";
import type { FeatureView } from "@/lib/schemas/probes";
import { Spinner, VerdictBadge } from "./verdict";

/**
 * One cell: the latest verdict (symbol, word, colour), latency and reason on hover, ⚑ where
 * the server's declared capabilities disagree. A button: it opens the evidence panel.
 */
export function MatrixCell({
  cell,
  feature,
  rowLabel,
  pending,
  onOpen,
}: {
  cell: Cell | undefined;
  feature: FeatureView;
  rowLabel: string;
  pending: boolean;
  onOpen: () => void;
}) {
  if (pending) {
    return (
      <td className="px-1 py-1 text-center" data-feature={feature.feature}>
        <Spinner label={`${feature.title}: probing…`} />
      </td>
    );
  }
  if (!cell) {
    return (
      <td className="px-1 py-1 text-center text-xs text-zinc-400" data-feature={feature.feature}>
        <span aria-label={`${feature.title}: not probed`}>·</span>
      </td>
    );
  }
  const ttft = cell.ttftMs === null ? "" : `, first token ${cell.ttftMs} ms`;
  const title = `${feature.title}: ${cell.verdict} in ${cell.latencyMs} ms${ttft}. ${cell.reason}${
    cell.disagreement ? ` ⚑ ${cell.disagreement}` : ""
  }`;
  return (
    <td className="px-1 py-1 text-center" data-feature={feature.feature} data-verdict={cell.verdict}>
      <button
        type="button"
        title={title}
        aria-label={`${rowLabel}, ${feature.title}: ${cell.verdict}${cell.disagreement ? ", declared and observed disagree" : ""}. Show evidence`}
        onClick={onOpen}
        className="rounded focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        <VerdictBadge verdict={cell.verdict} />
        {cell.disagreement ? (
          <span aria-hidden="true" className="ml-0.5 text-xs text-fuchsia-700 dark:text-fuchsia-300">
            ⚑
          </span>
        ) : null}
      </button>
    </td>
  );
}
