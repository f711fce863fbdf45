"use client";

import { useState } from "react";
import { toast } from "sonner";
import { FramedTable } from "@/app/_components/table";
import { VerdictBadge } from "@/app/_components/verdict";
import { LoadError, buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import { copyText } from "@/app/(dashboard)/playground/_components/clipboard";
import { isVerdict } from "@/lib/probe-vocabulary";
import { HANDLING_LABEL, readinessMarkdown } from "@/lib/readiness-markdown";
import { useStartRuns } from "@/lib/queries/matrix";
import { readinessMarkdownUrl, useReadiness } from "@/lib/queries/gateway";
import type { ReadinessFeature, ReadinessReport } from "@/lib/schemas/usage";
import { ReadinessForm, type ReadinessProvider, type ReadinessQuestion } from "./readiness-form";

type Props = {
  canProbe: boolean;
  routeNames: string[];
  keys: { id: string; name: string }[];
  providers: ReadinessProvider[];
};

const TONE = {
  safe: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  degrades: "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  breaks: "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200",
  no_traffic: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
} as const;

/** The form, the one-line answer, the features table, "Probe this target now" and the Markdown export. */
export function ReadinessView({ canProbe, routeNames, keys, providers }: Props) {
  const [asked, setAsked] = useState<ReadinessQuestion | null>(null);
  const startRuns = useStartRuns();
  const readiness = useReadiness(asked);
  const r = readiness.data;

  function probeNow() {
    if (!asked) return;
    startRuns.mutate([{ providerId: asked.providerId!, model: asked.model! }], {
      onSuccess: () =>
        toast.success("Probe run started: verdicts appear as results are stored. Check again when it finishes."),
      onError: (err) => toast.error(err.message),
    });
  }

  return (
    <div className="space-y-5">
      <ReadinessForm routeNames={routeNames} keys={keys} providers={providers} onAsk={setAsked} />
      <LoadError error={readiness.error} />
      {readiness.isFetching && !r ? <p className="text-sm text-zinc-600">Reading the traffic…</p> : null}
      {r && asked ? (
        <ReadinessAnswer
          report={r}
          asked={asked}
          isProbing={startRuns.isPending}
          onProbe={canProbe ? probeNow : null}
        />
      ) : null}
    </div>
  );
}

/** The answer to `asked`: the verdict in one line, the traffic counted, the actions and the features used. */
function ReadinessAnswer({
  report: r,
  asked,
  isProbing,
  onProbe,
}: {
  report: ReadinessReport;
  asked: ReadinessQuestion;
  isProbing: boolean;
  /** Starts a probe run of the candidate; null when this user may not probe. */
  onProbe: (() => void) | null;
}) {
  return (
    <section aria-label="Switch readiness answer" className="space-y-4">
      <p
        role="status"
        data-testid="readiness-answer"
        className={`rounded-md px-4 py-3 text-base font-semibold ${TONE[r.verdict]}`}
      >
        {r.candidate.providerName} / {r.candidate.model}: {r.answer}
      </p>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {r.requests} requests in the last {r.scope.days} days{r.breaking ? `; ${r.breaking} would break` : ""}.
      </p>
      <div className="flex flex-wrap gap-2">
        {r.needsProbe && onProbe ? (
          <button type="button" className={buttonClass} onClick={onProbe} disabled={isProbing}>
            Probe this target now
          </button>
        ) : null}
        <a className={secondaryButtonClass} href={readinessMarkdownUrl(asked)} download="switch-readiness.md">
          Export Markdown
        </a>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => void copyText(readinessMarkdown(r), "Copied the report as Markdown.")}
        >
          Copy as Markdown
        </button>
      </div>
      {r.features.length ? (
        <FramedTable
          label="Features used"
          caption="Features the traffic used, against the candidate"
          minWidth="min-w-[48rem]"
          columns={["Feature used", "Requests", "Candidate's verdict", "The gateway would"]}
          cellClassName="px-3 py-2"
        >
          {r.features.map((f) => (
            <FeatureRow key={f.used} feature={f} />
          ))}
        </FramedTable>
      ) : null}
    </section>
  );
}

/** A feature the traffic used: how often, the candidate's verdict on it, and what the gateway would do. */
function FeatureRow({ feature: f }: { feature: ReadinessFeature }) {
  return (
    <tr data-testid="readiness-feature">
      <td className="px-3 py-2 font-mono text-xs">{f.used}</td>
      <td className="px-3 py-2">{f.requests}</td>
      <td className="px-3 py-2">
        {f.verdict && isVerdict(f.verdict.verdict) ? (
          <span className="inline-flex flex-wrap items-center gap-2">
            <VerdictBadge verdict={f.verdict.verdict} />
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{f.verdict.reason}</span>
          </span>
        ) : (
          "no verdict yet"
        )}
      </td>
      <td className="px-3 py-2">
        <span className="font-medium">{HANDLING_LABEL[f.handling]}</span>
        {f.detail ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">{f.detail}</span> : null}
      </td>
    </tr>
  );
}
