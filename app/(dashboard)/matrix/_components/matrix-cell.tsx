"use client";

import { Asterisk, Flag } from "lucide-react";
import { Spinner, VERDICT_STYLE, VerdictIcon } from "@/app/_components/verdict";
import { VERDICT_INFO } from "@/lib/probe-vocabulary";
import type { MatrixCell as Cell } from "@/lib/schemas/matrix";
import type { FeatureView } from "@/lib/schemas/probes";

/** Shared by every cell: fixed size, centred, positioned (so nothing inside can widen the page). */
const cellClass = "relative h-11 border-b border-r border-zinc-200 p-0 text-center dark:border-zinc-800";

/**
 * One verdict: a coloured icon whose shape differs per verdict, the word in its accessible
 * name and tooltip (with latency and reason), ⚑ in the corner where the server's declared
 * capabilities disagree, ✱ in the other corner when the answer came with warnings (spec
 * deviations, usage that cannot be true). A button: it opens the evidence panel.
 */
export function MatrixCell({
  cell,
  feature,
  providerName,
  label,
  pending,
  groupStart,
  onOpen,
}: {
  cell: Cell | undefined;
  feature: FeatureView;
  providerName: string;
  /** "Provider · model", for the accessible name. */
  label: string;
  pending: boolean;
  /** First column of a feature group (a stronger divider). */
  groupStart?: boolean;
  onOpen: () => void;
}) {
  const divider = groupStart ? "border-l border-l-zinc-300 dark:border-l-zinc-700" : "";
  const data = { "data-feature": feature.feature, "data-provider": providerName };
  if (pending) {
    return (
      <td className={`${cellClass} ${divider}`} {...data} data-state="probing">
        <span className="flex justify-center">
          <Spinner label={`${label}, ${feature.title}: probing`} />
        </span>
      </td>
    );
  }
  if (!cell) {
    return (
      <td className={`${cellClass} ${divider} text-zinc-400`} {...data} title={`${feature.title}: not probed yet`}>
        <span aria-hidden="true">·</span>
        <span className="sr-only">
          {label}, {feature.title}: not probed
        </span>
      </td>
    );
  }
  const word = VERDICT_INFO[cell.verdict].label;
  const ttft = cell.ttftMs === null ? "" : `, first token ${cell.ttftMs} ms`;
  const warned = cell.warnings > 0 ? `${cell.warnings} warning${cell.warnings === 1 ? "" : "s"}` : "";
  const title = `${feature.title}: ${word} in ${cell.latencyMs} ms${ttft}. ${cell.reason}${
    cell.disagreement ? ` ⚑ ${cell.disagreement}` : ""
  }${warned ? ` ✱ ${warned}: the answer deviates from OpenAI's spec (see the evidence).` : ""}`;
  return (
    <td className={`${cellClass} ${divider} ${VERDICT_STYLE[cell.verdict].cell}`} {...data} data-verdict={cell.verdict}>
      <button
        type="button"
        title={title}
        aria-label={`${label}, ${feature.title}: ${word}${cell.disagreement ? ", declared and observed disagree" : ""}${
          warned ? `, ${warned}` : ""
        }. Show evidence`}
        onClick={onOpen}
        className="absolute inset-0 flex items-center justify-center hover:bg-black/5 focus-visible:outline-2 focus-visible:-outline-offset-2 dark:hover:bg-white/10"
      >
        <VerdictIcon verdict={cell.verdict} />
        {cell.disagreement ? (
          <Flag
            aria-hidden="true"
            size={10}
            strokeWidth={2.5}
            className="absolute right-1 top-1 fill-fuchsia-600 text-fuchsia-700 dark:fill-fuchsia-400 dark:text-fuchsia-300"
          />
        ) : null}
        {warned ? (
          <Asterisk
            aria-hidden="true"
            data-testid="warnings-marker"
            size={11}
            strokeWidth={3}
            className="absolute bottom-0.5 right-0.5 text-sky-700 dark:text-sky-300"
          />
        ) : null}
      </button>
    </td>
  );
}
