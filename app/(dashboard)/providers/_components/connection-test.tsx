"use client";

import { toast } from "sonner";
import { secondaryButtonClass } from "@/app/_components/ui";
import { useTestConnection, type ConnectionTestResult } from "@/lib/queries/providers";

const OUTCOME_LABEL: Record<ConnectionTestResult["outcome"], string> = {
  reachable: "Reachable",
  auth_failed: "Authentication failed",
  not_compatible: "Not an OpenAI-compatible endpoint",
  timeout: "Timed out",
  refused: "Connection refused",
  tls_error: "TLS error",
  dns_error: "Host not found",
  error: "Error",
};

/** "Test connection": one clear sentence about whether Switchyard can talk to the provider. */
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
  function run() {
    test.mutate(providerId, {
      onSuccess: (r) => {
        const text = `${providerName}: ${OUTCOME_LABEL[r.outcome]}. ${r.message}`;
        if (r.outcome === "reachable") toast.success(text);
        else toast.error(text);
      },
      onError: (err) => toast.error(err.message),
    });
  }
  const r = test.data;
  return (
    <div className={compact ? "" : "space-y-2"}>
      <button type="button" className={secondaryButtonClass} onClick={run} disabled={test.isPending}>
        {test.isPending ? "Testing…" : "Test connection"}
        {compact ? <span className="sr-only"> of {providerName}</span> : null}
      </button>
      {!compact && r ? (
        <p
          role="status"
          data-testid="connection-result"
          className={`text-sm ${r.outcome === "reachable" ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
        >
          <strong>{OUTCOME_LABEL[r.outcome]}</strong> — {r.message}
          {r.outcome === "reachable"
            ? ` (${r.latencyMs} ms${r.modelCount !== undefined ? `, ${r.modelCount} models` : ""})`
            : ""}
        </p>
      ) : null}
    </div>
  );
}
