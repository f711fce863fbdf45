"use client";

import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/app/_components/relative-time";
import { FramedTable } from "@/app/_components/table";
import { EmptyState, LoadError, secondaryButtonClass, selectClass } from "@/app/_components/ui";
import { attemptText, formatMs } from "@/lib/playground/format";
import { useRequestLogs } from "@/lib/queries/playground";
import { type RequestLogQuery, type RequestLogView, STATUS_CLASSES } from "@/lib/schemas/request-logs";
import { USAGE_WINDOWS, WINDOW_MS, type UsageWindow } from "@/lib/schemas/usage";
import { DegradationBadges } from "./reply-meta";

const HEADERS = [
  "Time",
  "User / key",
  "Route",
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

function LogRow({ log, keyNames }: { log: RequestLogView; keyNames: ReadonlyMap<string, string> }) {
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
      <td className="px-3 py-2">{log.userName ?? (log.keyId ? (keyNames.get(log.keyId) ?? "a deleted key") : "–")}</td>
      <td className="px-3 py-2 font-mono text-xs">{log.route ?? "–"}</td>
      <td className="px-3 py-2">
        {log.providerTried ?? "–"}
        {log.providerUsed !== log.providerTried ? ` → ${log.providerUsed ?? "none"}` : null}
      </td>
      <td className="px-3 py-2 font-mono text-xs">{log.model}</td>
      <td className={`px-3 py-2 font-medium ${STATUS_CLASS[log.status]}`}>
        {log.status}
        {log.errorClass ? <span className="block text-xs font-normal">{log.errorClass.replace("_", " ")}</span> : null}
      </td>
      <td className="px-3 py-2">{log.httpStatus ?? "–"}</td>
      <td className="whitespace-nowrap px-3 py-2">{formatMs(log.latencyMs)}</td>
      <td className="whitespace-nowrap px-3 py-2">{formatMs(log.ttftMs)}</td>
      <td className="whitespace-nowrap px-3 py-2">{tokens}</td>
      <td className="px-3 py-2">
        {log.degradations.length === 0 ? "–" : <DegradationBadges degradations={log.degradations} logId={log.id} />}
      </td>
      <td className="min-w-[22rem] px-3 py-2 text-xs">
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
      <td className="min-w-[20rem] whitespace-pre-wrap break-words px-3 py-2 text-xs text-red-700 dark:text-red-400">
        {log.error ?? ""}
      </td>
    </tr>
  );
}

type FilterOptions = {
  keys: { id: string; name: string }[];
  routes: string[];
  providers: { id: string; name: string }[];
};

/** The Time filter's choices: any time, or one of Usage's windows back from when the form is sent. */
const WINDOW_LABEL: Record<UsageWindow, string> = {
  "1h": "last hour",
  "24h": "last 24 h",
  "7d": "last 7 days",
  "30d": "last 30 days",
};
const WINDOWS: ["" | UsageWindow, string][] = [
  ["", "any time"],
  ...USAGE_WINDOWS.map((w): [UsageWindow, string] => [w, WINDOW_LABEL[w]]),
];

function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
}) {
  return (
    <label className="text-sm">
      <span className="block text-zinc-600 dark:text-zinc-400">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={`${selectClass} py-1.5`}>
        <option value="">any</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Filters as a plain GET form: the URL holds them, so a filtered log is a link (Usage drills down here). */
function LogFilters({ query, options }: { query: RequestLogQuery; options: FilterOptions }) {
  const [window, setWindow] = useState<"" | UsageWindow>("");
  return (
    <form
      method="get"
      aria-label="Filter the request log"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        const since = e.currentTarget.elements.namedItem("since") as HTMLInputElement | null;
        if (since && window) since.value = new Date(Date.now() - WINDOW_MS[window].span).toISOString();
      }}
    >
      <FilterSelect
        name="source"
        label="Source"
        value={query.source}
        options={[
          ["gateway", "gateway"],
          ["playground", "playground"],
        ]}
      />
      <FilterSelect name="keyId" label="Key" value={query.keyId} options={options.keys.map((k) => [k.id, k.name])} />
      <FilterSelect name="route" label="Route" value={query.route} options={options.routes.map((r) => [r, r])} />
      <FilterSelect
        name="providerId"
        label="Provider (answered)"
        value={query.providerId}
        options={options.providers.map((p) => [p.id, p.name])}
      />
      <FilterSelect
        name="statusClass"
        label="Status"
        value={query.statusClass}
        options={STATUS_CLASSES.map((c) => [c, c.replace("_", " ")])}
      />
      <label className="text-sm">
        <span className="block text-zinc-600 dark:text-zinc-400">Time</span>
        <select
          value={window}
          onChange={(e) => setWindow(e.target.value as "" | UsageWindow)}
          className={`${selectClass} py-1.5`}
        >
          {WINDOWS.map(([v, l]) => (
            <option key={v} value={v}>
              {v === "" && query.since ? `since ${query.since}` : l}
            </option>
          ))}
        </select>
      </label>
      <input type="hidden" name="since" defaultValue={query.since ?? ""} />
      {query.model ? <input type="hidden" name="model" value={query.model} /> : null}
      {query.sessionId ? <input type="hidden" name="sessionId" value={query.sessionId} /> : null}
      <button type="submit" className={secondaryButtonClass}>
        Filter
      </button>
      <Link href="/playground/log" className="text-sm text-brand-600 hover:underline dark:text-brand-100">
        Clear filters
      </Link>
    </form>
  );
}

/** The request log table, refreshable in place. */
export function RequestLogTable({
  query: q,
  initialLogs,
  options,
  invalid = null,
}: {
  query: RequestLogQuery;
  initialLogs: RequestLogView[];
  options?: FilterOptions;
  invalid?: string | null;
}) {
  const logs = useRequestLogs(q, initialLogs);
  const list = logs.data ?? [];
  const keyNames = new Map((options?.keys ?? []).map((k) => [k.id, k.name]));
  const filtered = Object.entries(q).some(([k, v]) => k !== "limit" && v !== undefined);
  return (
    <div className="space-y-3">
      {options ? <LogFilters query={q} options={options} /> : null}
      {invalid ? (
        <p role="alert" className="text-sm text-red-600">
          Filters ignored: {invalid}
        </p>
      ) : null}
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
          The {q.limit} most recent calls{q.sessionId ? " of one session" : filtered ? " matching the filters" : ""}.
        </span>
        {q.sessionId ? (
          <Link href="/playground/log" className="text-brand-600 hover:underline dark:text-brand-100">
            Show all sessions
          </Link>
        ) : null}
      </div>
      <LoadError error={logs.error} />
      {list.length === 0 ? (
        filtered ? (
          <p className="text-sm text-zinc-600">No calls match these filters.</p>
        ) : (
          <EmptyState title="No calls recorded yet" action={{ href: "/playground", label: "Open the playground" }}>
            <p>
              Every playground and gateway call is recorded here with its timing, tokens, degradations and fallback
              path.
            </p>
          </EmptyState>
        )
      ) : (
        <FramedTable label="Request log" caption="Request log" minWidth="min-w-[90rem]" columns={HEADERS}>
          {list.map((log) => (
            <LogRow key={log.id} log={log} keyNames={keyNames} />
          ))}
        </FramedTable>
      )}
    </div>
  );
}
