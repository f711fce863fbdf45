"use client";

import { ExternalLink, Info } from "lucide-react";
import Link from "next/link";
import { useId, useRef } from "react";
import { RelativeTime } from "@/app/_components/relative-time";
import {
  attemptText,
  degradationSourceText,
  lostTimeText,
  metricsParts,
  validationText,
} from "@/lib/playground/format";
import type { AttemptView, Degradation, ReplyMetrics, ReplyValidation } from "@/lib/schemas/playground";

/** The small print around a reply: degradation badges, fallback path, validation, metrics. */

const badgeClass =
  "inline-flex items-center gap-1 rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 hover:bg-amber-100 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200 dark:hover:bg-amber-900";

/** Where an open popover goes: under its badge, kept inside the window. */
function placeUnder(button: HTMLElement, panel: HTMLElement) {
  const r = button.getBoundingClientRect();
  const width = Math.min(320, window.innerWidth - 16);
  panel.style.width = `${width}px`;
  panel.style.left = `${Math.max(8, Math.min(r.left, window.innerWidth - width - 8))}px`;
  const below = r.bottom + 6;
  panel.style.top = `${below + panel.offsetHeight > window.innerHeight - 8 ? Math.max(8, r.top - 6 - panel.offsetHeight) : below}px`;
}

/**
 * A degradation as a badge that opens a small popover (Escape or a click elsewhere closes
 * it): what was done and why, and a link to the probe run or the call that decided it.
 */
function DegradationBadge({ degradation: d, logId }: { degradation: Degradation; logId: string | null }) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const source = d.source;
  return (
    <>
      <button
        ref={button}
        type="button"
        data-testid="degradation-badge"
        popoverTarget={id}
        className={badgeClass}
        aria-describedby={`${id}-detail`}
      >
        <Info aria-hidden="true" size={12} />
        {d.label}
      </button>
      <div
        id={id}
        popover="auto"
        role="dialog"
        aria-label={d.label}
        data-testid="degradation-popover"
        onToggle={(e) => {
          const panel = e.currentTarget;
          // React types a popover's toggle as a plain SyntheticEvent; the DOM event is a ToggleEvent.
          if ((e as unknown as ToggleEvent).newState === "open" && button.current) placeUnder(button.current, panel);
        }}
        className="fixed m-0 space-y-2 rounded-lg border border-zinc-200 bg-white p-3 text-left text-sm text-zinc-800 shadow-xl [inset:auto] dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <p className="font-semibold">{d.label}</p>
        <p id={`${id}-detail`}>{d.detail}</p>
        <p className="text-zinc-600 dark:text-zinc-400">
          {degradationSourceText(d)}
          {source.kind === "probe" ? (
            <>
              {" "}
              (<RelativeTime iso={source.at} />)
            </>
          ) : null}
        </p>
        {source.kind === "probe" ? (
          <Link
            href={`/runs/${encodeURIComponent(source.runId)}`}
            className="inline-flex items-center gap-1 font-medium text-brand-600 hover:underline dark:text-brand-100"
          >
            Open the probe run
            <ExternalLink aria-hidden="true" size={12} />
          </Link>
        ) : logId ? (
          <Link
            href={`/playground/log#log-${encodeURIComponent(logId)}`}
            className="inline-flex items-center gap-1 font-medium text-brand-600 hover:underline dark:text-brand-100"
          >
            See the call in the request log
            <ExternalLink aria-hidden="true" size={12} />
          </Link>
        ) : null}
      </div>
    </>
  );
}

export function DegradationBadges({
  degradations,
  logId = null,
}: {
  degradations: Degradation[];
  /** The call's request-log row (where a refusal is recorded). */
  logId?: string | null;
}) {
  if (degradations.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {degradations.map((d) => (
        <DegradationBadge key={`${d.feature} ${d.label}`} degradation={d} logId={logId} />
      ))}
    </span>
  );
}

export function ValidationMarker({ validation }: { validation: ReplyValidation | null }) {
  if (!validation) return null;
  return (
    <span
      data-testid="validation"
      data-valid={validation.valid}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${
        validation.valid
          ? "bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-200"
          : "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200"
      }`}
    >
      <span aria-hidden="true">{validation.valid ? "✓ " : "✗ "}</span>
      {validationText(validation)}
    </span>
  );
}

/** Why the targets before the one that answered were left (only when some were). */
export function FallbackPath({ attempts }: { attempts: AttemptView[] }) {
  const skipped = attempts.filter((a) => a.outcome !== "answered");
  if (skipped.length === 0) return null;
  return (
    <div data-testid="fallback-path" className="text-xs text-zinc-600 dark:text-zinc-400">
      <p className="font-medium">Fallback path</p>
      <ol className="ml-4 list-decimal">
        {skipped.map((a, i) => (
          <li key={`${a.providerId} ${a.model} ${i}`}>{attemptText(a)}</li>
        ))}
      </ol>
    </div>
  );
}

/** The answering target's timing and usage; the time lost to failed targets first, apart. */
export function MetricsLine({ metrics, attempts }: { metrics: ReplyMetrics | null; attempts: AttemptView[] }) {
  if (!metrics) return null;
  const lost = lostTimeText(metrics, attempts.filter((a) => a.outcome === "failed").length);
  return (
    <div className="space-y-0.5 text-xs text-zinc-500 dark:text-zinc-400">
      <p data-testid="reply-metrics">{metricsParts(metrics).join(" · ")}</p>
      {lost ? (
        <p data-testid="reply-lost-time" className="text-amber-800 dark:text-amber-300">
          {lost}
        </p>
      ) : null}
    </div>
  );
}
