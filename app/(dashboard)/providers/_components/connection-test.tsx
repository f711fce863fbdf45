"use client";

import { CircleCheck, CircleX, PlugZap } from "lucide-react";
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

/** The outcome of a test in one line: the word, the server's sentence, and how long it took. */
export function ConnectionResult({ result: r }: { result: ConnectionTestResult }) {
  const ok = r.outcome === "reachable";
  const Icon = ok ? CircleCheck : CircleX;
  return (
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
