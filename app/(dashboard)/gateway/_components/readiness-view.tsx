"use client";

import { useState } from "react";
import { toast } from "sonner";
import { FramedTable } from "@/app/_components/table";
import { VerdictBadge } from "@/app/_components/verdict";
import {
  LoadError,
  buttonClass,
  inputClass,
  labelClass,
  secondaryButtonClass,
  selectClass,
} from "@/app/_components/ui";
import { copyText } from "@/app/(dashboard)/playground/_components/clipboard";
import { isVerdict } from "@/lib/probe-vocabulary";
import { HANDLING_LABEL, readinessMarkdown } from "@/lib/readiness-markdown";
import { useStartRuns } from "@/lib/queries/matrix";
import { readinessMarkdownUrl, useReadiness } from "@/lib/queries/gateway";

type ProviderOption = { id: string; name: string; defaultModel: string | null; models: string[] };
type Props = {
  canProbe: boolean;
  routeNames: string[];
  keys: { id: string; name: string }[];
  providers: ProviderOption[];
};

const TONE = {
  safe: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  degrades: "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  breaks: "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200",
  no_traffic: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
} as const;

/** The form, the one-line answer, the features table, "Probe this target now" and the Markdown export. */
export function ReadinessView({ canProbe, routeNames, keys, providers }: Props) {
  const [scope, setScope] = useState<"route" | "keyId">(routeNames.length ? "route" : "keyId");
  const [scopeValue, setScopeValue] = useState(routeNames[0] ?? keys[0]?.id ?? "");
  const [providerId, setProviderId] = useState(providers[0]?.id ?? "");
  const [model, setModel] = useState(providers[0]?.defaultModel ?? "");
  const [days, setDays] = useState("7");
  const [asked, setAsked] = useState<Record<string, string> | null>(null);
  const startRuns = useStartRuns();
  const readiness = useReadiness(asked);
  const provider = providers.find((p) => p.id === providerId);
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
      <form
        aria-label="Switch readiness question"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ [scope]: scopeValue, providerId, model, days });
        }}
      >
        <div>
          <label htmlFor="ready-scope" className={labelClass}>
            Traffic of
          </label>
          <select
            id="ready-scope"
            className={`${selectClass} py-2`}
            value={`${scope}:${scopeValue}`}
            onChange={(e) => {
              const [kind, ...rest] = e.target.value.split(":");
              setScope(kind === "keyId" ? "keyId" : "route");
              setScopeValue(rest.join(":"));
            }}
          >
            <optgroup label="Routes">
              {routeNames.map((n) => (
                <option key={n} value={`route:${n}`}>
                  route {n}
                </option>
              ))}
            </optgroup>
            <optgroup label="Keys">
              {keys.map((k) => (
                <option key={k.id} value={`keyId:${k.id}`}>
                  key {k.name}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <div>
          <label htmlFor="ready-provider" className={labelClass}>
            Candidate provider
          </label>
          <select
            id="ready-provider"
            className={`${selectClass} py-2`}
            value={providerId}
            onChange={(e) => {
              setProviderId(e.target.value);
              setModel(providers.find((p) => p.id === e.target.value)?.defaultModel ?? "");
            }}
          >
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ready-model" className={labelClass}>
            Candidate model
          </label>
          <input
            id="ready-model"
            className={inputClass}
            value={model}
            list="ready-models"
            onChange={(e) => setModel(e.target.value)}
          />
          <datalist id="ready-models">
            {(provider?.models ?? []).map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="ready-days" className={labelClass}>
            Last days
          </label>
          <select
            id="ready-days"
            className={`${selectClass} py-2`}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          >
            {["1", "7", "14", "30"].map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass} disabled={!scopeValue || !providerId || !model}>
          Check
        </button>
      </form>
      <LoadError error={readiness.error} />
      {readiness.isFetching && !r ? <p className="text-sm text-zinc-600">Reading the traffic…</p> : null}
      {r && asked ? (
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
            {r.needsProbe && canProbe ? (
              <button type="button" className={buttonClass} onClick={probeNow} disabled={startRuns.isPending}>
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
                <tr key={f.used} data-testid="readiness-feature">
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
                    {f.detail ? (
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{f.detail}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </FramedTable>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
