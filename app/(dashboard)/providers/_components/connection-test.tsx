"use client";

import { CircleCheck, CircleX, PlugZap, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { secondaryButtonClass } from "@/app/_components/ui";
import { useRefreshModels, useTestConnection, type ConnectionTestResult } from "@/lib/queries/providers";

export const OUTCOME_LABEL: Record<ConnectionTestResult["outcome"], string> = {
  reachable: "Reachable",
  auth_failed: "Authentication failed",
  not_compatible: "Not an OpenAI-compatible endpoint",
  timeout: "Timed out",
  refused: "Connection refused",
  tls_error: "TLS error",
  dns_error: "Host not found",
  error: "Error",
};

type ModelCheck = NonNullable<ConnectionTestResult["modelChecks"]>[number];

/** The form's words for the two model fields a connection test checks. */
export const MODEL_FIELD_LABEL: Record<ModelCheck["field"], string> = {
  defaultModel: "Default chat model",
  embeddingModel: "Embedding model",
};

/**
 * Whether each configured model is served; for one that is not, the closest names the server
 * lists, each a one-click fix when `onUseModel` is given (the provider form), else just named.
 */
function ModelChecks({
  checks,
  onUseModel,
}: {
  checks: ModelCheck[];
  onUseModel?: (field: ModelCheck["field"], model: string) => void;
}) {
  return (
    <ul aria-label="Model checks" className="space-y-1 text-sm">
      {checks.map((c) => (
        <li
          key={c.field}
          data-testid={`model-check-${c.field}`}
          className="flex flex-wrap items-center gap-x-2 gap-y-1"
        >
          {c.served ? (
            <CircleCheck aria-hidden="true" size={14} className="shrink-0 text-green-700 dark:text-green-400" />
          ) : (
            <TriangleAlert aria-hidden="true" size={14} className="shrink-0 text-amber-700 dark:text-amber-300" />
          )}
          <span>
            {MODEL_FIELD_LABEL[c.field]} <code className="font-mono text-xs">{c.model}</code>:{" "}
            {c.served
              ? "served"
              : c.closest.length
                ? "not served; the closest the server lists:"
                : "not served, and the server lists nothing close"}
          </span>
          {!c.served
            ? c.closest.map((name) =>
                onUseModel ? (
                  <button
                    key={name}
                    type="button"
                    className={`${secondaryButtonClass} px-2 py-0.5 text-xs`}
                    onClick={() => onUseModel(c.field, name)}
                  >
                    Use <code className="font-mono">{name}</code>
                    <span className="sr-only"> as the {MODEL_FIELD_LABEL[c.field].toLowerCase()}</span>
                  </button>
                ) : (
                  <code key={name} className="font-mono text-xs">
                    {name}
                  </code>
                ),
              )
            : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The outcome of a test: the word, the server's sentence and how long it took, then whether
 * each configured model is served (with the closest names, and a fix when `onUseModel` is given).
 */
export function ConnectionResult({
  result: r,
  onUseModel,
}: {
  result: ConnectionTestResult;
  onUseModel?: (field: ModelCheck["field"], model: string) => void;
}) {
  const ok = r.outcome === "reachable";
  const Icon = ok ? CircleCheck : CircleX;
  return (
    <div className="space-y-1.5">
      <p
        role="status"
        data-testid="connection-result"
        className={`flex items-start gap-1.5 text-sm ${ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
      >
        <Icon aria-hidden="true" size={16} className="mt-0.5 shrink-0" />
        <span>
          <strong>{OUTCOME_LABEL[r.outcome]}</strong> — {r.message}
          {/* The sentence already counts the models; add only what it does not say. */}
          {ok ? ` (${r.latencyMs} ms${r.serverVersion ? `, version ${r.serverVersion}` : ""})` : ""}
        </span>
      </p>
      {r.modelChecks?.length ? <ModelChecks checks={r.modelChecks} onUseModel={onUseModel} /> : null}
    </div>
  );
}

/**
 * "Test connection" of a stored provider: one clear sentence about whether Switchyard can talk
 * to it. When it connects, the model list is read and stored too, so the Models panel shows it.
 */
export function ConnectionTestButton({
  providerId,
  providerName,
  compact = false,
}: {
  providerId: string;
  providerName: string;
  compact?: boolean;
}) {
  const test = useTestConnection();
  const refresh = useRefreshModels(providerId);
  function run() {
    test.mutate(providerId, {
      onSuccess: (r) => {
        const text = `${providerName}: ${OUTCOME_LABEL[r.outcome]}. ${r.message}`;
        if (r.outcome === "reachable") {
          toast.success(text);
          refresh.mutate(undefined, { onError: (err) => toast.error(err.message) });
        } else toast.error(text);
      },
      onError: (err) => toast.error(err.message),
    });
  }
  const r = test.data;
  return (
    <div className={compact ? "" : "space-y-2"}>
      <button
        type="button"
        className={`${secondaryButtonClass} whitespace-nowrap ${compact ? "px-2.5 py-1.5" : ""}`}
        onClick={run}
        disabled={test.isPending}
      >
        <PlugZap aria-hidden="true" size={14} />
        {test.isPending ? "Testing…" : "Test connection"}
        {compact ? <span className="sr-only"> of {providerName}</span> : null}
      </button>
      {!compact && r ? <ConnectionResult result={r} /> : null}
    </div>
  );
}
