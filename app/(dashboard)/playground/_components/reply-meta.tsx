import Link from "next/link";
import { useId } from "react";
import { attemptText, degradationTooltip, metricsParts, validationText } from "@/lib/playground/format";
import type { AttemptView, Degradation, ReplyMetrics, ReplyValidation } from "@/lib/schemas/playground";

/** The small print around a reply: degradation badges, fallback path, validation, metrics. */

const badgeClass =
  "inline-flex items-center rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200";

function DegradationBadge({ degradation: d }: { degradation: Degradation }) {
  const descriptionId = useId();
  const tooltip = degradationTooltip(d);
  const common = {
    "data-testid": "degradation-badge",
    title: tooltip,
    "aria-describedby": descriptionId,
  };
  return (
    <>
      {d.source.kind === "probe" ? (
        <Link
          href={`/runs/${encodeURIComponent(d.source.runId)}`}
          className={`${badgeClass} hover:underline`}
          {...common}
        >
          {d.label}
        </Link>
      ) : (
        <span tabIndex={0} className={badgeClass} {...common}>
          {d.label}
        </span>
      )}
      <span id={descriptionId} className="sr-only">
        {tooltip}
      </span>
    </>
  );
}

export function DegradationBadges({ degradations }: { degradations: Degradation[] }) {
  if (degradations.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {degradations.map((d) => (
        <DegradationBadge key={`${d.feature} ${d.label}`} degradation={d} />
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

export function MetricsLine({ metrics }: { metrics: ReplyMetrics | null }) {
  if (!metrics) return null;
  return (
    <p data-testid="reply-metrics" className="text-xs text-zinc-500 dark:text-zinc-400">
      {metricsParts(metrics).join(" · ")}
    </p>
  );
}
