"use client";

import Link from "next/link";
import { RelativeTime } from "@/app/_components/relative-time";
import { ScrollFrame } from "@/app/_components/scroll-frame";
import { EmptyState, LoadError, secondaryButtonClass } from "@/app/_components/ui";
import { attemptText, formatMs } from "@/lib/playground/format";
import { useRequestLogs } from "@/lib/queries/playground";
import type { RequestLogView } from "@/lib/schemas/request-logs";
import { DegradationBadges } from "./reply-meta";

const HEADERS = [
  "Time",
  "User",
  "Provider (tried → used)",
  "Model",
  "Status",
  "HTTP",
  "Latency",
  "TTFT",
  "Tokens",
  "Degradations",
  "Fallback path",
  "Error",
];

const STATUS_CLASS: Record<RequestLogView["status"], string> = {
  ok: "text-green-700 dark:text-green-400",
  error: "text-red-700 dark:text-red-400",
  aborted: "text-zinc-500",
};

function LogRow({ log }: { log: RequestLogView }) {
  const tokens =
    log.promptTokens === null && log.completionTokens === null
      ? "–"
      : `${log.promptTokens ?? "?"} + ${log.completionTokens ?? "?"}`;
  return (
    <tr
      id={`log-${log.id}`}
      data-testid="request-log-row"
      className="align-top target:bg-amber-50 dark:target:bg-amber-950"
    >
      <td className="whitespace-nowrap px-3 py-2">
        <RelativeTime iso={log.createdAt} />
        <span className="block text-xs text-zinc-500">{log.source}</span>
      </td>
      <td className="px-3 py-2">{log.userName ?? "–"}</td>
      <td className="px-3 py-2">
        {log.providerTried ?? "–"}
        {log.providerUsed !== log.providerTried ? ` → ${log.providerUsed ?? "none"}` : null}
      </td>
      <td className="px-3 py-2 font-mono text-xs">{log.model}</td>
      <td className={`px-3 py-2 font-medium ${STATUS_CLASS[log.status]}`}>{log.status}</td>
      <td className="px-3 py-2">{log.httpStatus ?? "–"}</td>
      <td className="whitespace-nowrap px-3 py-2">{formatMs(log.latencyMs)}</td>
      <td className="whitespace-nowrap px-3 py-2">{formatMs(log.ttftMs)}</td>
      <td className="whitespace-nowrap px-3 py-2">{tokens}</td>
      <td className="px-3 py-2">
        {log.degradations.length === 0 ? "–" : <DegradationBadges degradations={log.degradations} logId={log.id} />}
      </td>
      <td className="px-3 py-2 text-xs">
        {log.fallbackPath.length <= 1 ? (
          "–"
        ) : (
          <ol className="list-decimal pl-4">
            {log.fallbackPath.map((a, i) => (
              <li key={i}>{attemptText(a)}</li>
            ))}
          </ol>
        )}
      </td>
      <td className="max-w-xs break-words px-3 py-2 text-xs text-red-700 dark:text-red-400">{log.error ?? ""}</td>
    </tr>
  );
}

/** The request log table, refreshable in place. */
export function RequestLogTable({
  query,
  initialLogs,
}: {
  query: { limit: number; sessionId?: string };
  initialLogs: RequestLogView[];
}) {
  const logs = useRequestLogs(query, initialLogs);
  const list = logs.data ?? [];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => void logs.refetch()}
          disabled={logs.isFetching}
        >
          {logs.isFetching ? "Refreshing…" : "Refresh"}
        </button>
        <span className="text-zinc-500">
          The {query.limit} most recent calls{query.sessionId ? " of one session" : ""}.
        </span>
        {query.sessionId ? (
          <Link href="/playground/log" className="text-brand-600 hover:underline dark:text-brand-100">
            Show all sessions
          </Link>
        ) : null}
      </div>
      <LoadError error={logs.error} />
      {list.length === 0 ? (
        <EmptyState title="No calls recorded yet" action={{ href: "/playground", label: "Open the playground" }}>
          <p>Every playground call is recorded here with its timing, tokens, degradations and fallback path.</p>
        </EmptyState>
      ) : (
        <ScrollFrame label="Request log">
          <table className="w-full min-w-[64rem] text-left text-sm">
            <caption className="sr-only">Request log</caption>
            <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
              <tr>
                {HEADERS.map((h) => (
                  <th key={h} scope="col" className="whitespace-nowrap px-3 py-2">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {list.map((log) => (
                <LogRow key={log.id} log={log} />
              ))}
            </tbody>
          </table>
        </ScrollFrame>
      )}
    </div>
  );
}
