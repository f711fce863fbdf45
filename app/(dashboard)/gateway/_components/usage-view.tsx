"use client";

import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { FramedTable } from "@/app/_components/table";
import { LoadError, secondaryButtonClass, selectClass } from "@/app/_components/ui";
import { shortTime } from "@/lib/format-time";
import { formatMs } from "@/lib/playground/format";
import { searchParams } from "@/lib/queries/api-client";
import { useUsage } from "@/lib/queries/gateway";
import {
  USAGE_GROUPS,
  USAGE_WINDOWS,
  type UsageGroup,
  type UsageQuery,
  type UsageReport,
  type UsageRowView,
} from "@/lib/schemas/usage";

const FILTER_OF: Record<UsageGroup, "keyId" | "route" | "providerId" | "model"> = {
  key: "keyId",
  route: "route",
  provider: "providerId",
  model: "model",
};
const FILTERS = ["keyId", "route", "providerId", "model"] as const;
/** How a filter in force is read: "key app-1, provider Sim OpenAI". */
const FILTER_WORD: Record<(typeof FILTERS)[number], string> = {
  keyId: "key",
  route: "route",
  providerId: "provider",
  model: "model",
};
const GROUP_LABEL: Record<UsageGroup, string> = {
  key: "Key",
  route: "Route",
  provider: "Provider (answered)",
  model: "Model",
};

const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.01 ? 2 : 1)} %`;

const href = (path: string, params: Record<string, string | undefined>) => `${path}?${searchParams(params)}`;

/** A page's query as link parameters (every value a string). */
type Params = Record<string, string | undefined>;

/** Charts and a table of the gateway's usage; each row narrows the page or opens the request log. */
export function UsageView({ query, initial }: { query: UsageQuery; initial: UsageReport }) {
  const asParams: Params = Object.fromEntries(
    Object.entries(query).map(([k, v]) => [k, v === undefined ? undefined : String(v)]),
  );
  const usage = useUsage(asParams, initial);
  const report = usage.data ?? initial;
  const logLink = (extra: Params) =>
    href("/playground/log", {
      source: "gateway",
      keyId: query.keyId,
      route: query.route,
      providerId: query.providerId,
      model: query.model,
      since: report.from,
      ...extra,
    });
  return (
    <div className="space-y-5">
      <UsageControls query={query} narrowedTo={report.narrowedTo} />
      <LoadError error={usage.error} />
      <UsageTotals totals={report.totals} />
      <UsageChart series={report.series} />
      {report.rows.length === 0 ? (
        <p className="text-sm text-zinc-600">No gateway requests in this window.</p>
      ) : (
        <UsageTable rows={report.rows} groupBy={query.groupBy} asParams={asParams} logLink={logLink} />
      )}
    </div>
  );
}

/** Window and grouping as a plain GET form (the URL holds them); the filters in force, and Clear. */
function UsageControls({ query, narrowedTo }: { query: UsageQuery; narrowedTo: UsageReport["narrowedTo"] }) {
  const filters = FILTERS.filter((f) => query[f] !== undefined);
  return (
    <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Usage window and grouping">
      <label className="text-sm">
        <span className="block text-zinc-600 dark:text-zinc-400">Window</span>
        <select name="window" defaultValue={query.window} className={`${selectClass} py-1.5`}>
          {USAGE_WINDOWS.map((w) => (
            <option key={w}>{w}</option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="block text-zinc-600 dark:text-zinc-400">Group by</span>
        <select name="groupBy" defaultValue={query.groupBy} className={`${selectClass} py-1.5`}>
          {USAGE_GROUPS.map((g) => (
            <option key={g} value={g}>
              {GROUP_LABEL[g]}
            </option>
          ))}
        </select>
      </label>
      {filters.map((f) => (
        <input key={f} type="hidden" name={f} value={query[f]} />
      ))}
      <button type="submit" className={secondaryButtonClass}>
        Show
      </button>
      {filters.length ? (
        <span className="flex flex-wrap items-center gap-2 text-sm" data-testid="usage-filters">
          Narrowed to {narrowedTo.map((f) => `${FILTER_WORD[f.field]} ${f.label}`).join(", ")}
          <Link
            href={href("/gateway/usage", { window: query.window, groupBy: query.groupBy })}
            className="text-brand-600 hover:underline dark:text-brand-100"
          >
            Clear
          </Link>
        </span>
      ) : null}
    </form>
  );
}

/** The window's totals, one tile each. */
function UsageTotals({ totals: t }: { totals: UsageReport["totals"] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8" aria-label="Totals">
      {[
        ["Requests", String(t.requests)],
        ["Error rate", pct(t.errorRate)],
        ["p50 latency", formatMs(t.p50LatencyMs)],
        ["p95 latency", formatMs(t.p95LatencyMs)],
        ["p95 TTFT", formatMs(t.p95TtftMs)],
        ["Tokens in / out", `${t.tokensIn} / ${t.tokensOut}`],
        ["Fell back", String(t.fallbacks)],
        ["Degraded", String(t.degradations)],
      ].map(([k, v]) => (
        <div key={k} className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <dt className="text-xs text-zinc-500">{k}</dt>
          <dd className="text-lg font-semibold" data-testid={`total-${k}`}>
            {v}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Requests over time, stacked by outcome (answered are the requests that were none of the failures). */
function UsageChart({ series }: { series: UsageReport["series"] }) {
  const data = series.map((p) => ({
    at: shortTime(p.at),
    answered: p.requests - p.refusal - p.outage - p.clientError,
    refusal: p.refusal,
    outage: p.outage,
    "client error": p.clientError,
  }));
  return (
    <figure aria-label="Requests over time, by outcome" className="h-64">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="at" fontSize={11} minTickGap={24} />
          <YAxis allowDecimals={false} fontSize={11} width={40} />
          <Tooltip />
          <Legend />
          <Bar dataKey="answered" stackId="r" fill="#009E73" isAnimationActive={false} />
          <Bar dataKey="refusal" stackId="r" fill="#E69F00" isAnimationActive={false} />
          <Bar dataKey="outage" stackId="r" fill="#D55E00" isAnimationActive={false} />
          <Bar dataKey="client error" stackId="r" fill="#0072B2" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** One row per group; a group with a value links to the page narrowed to it and to its request log. */
function UsageTable({
  rows,
  groupBy,
  asParams,
  logLink,
}: {
  rows: UsageRowView[];
  groupBy: UsageGroup;
  asParams: Params;
  logLink: (narrow: Params) => string;
}) {
  return (
    <FramedTable
      label="Usage table"
      caption={<>Usage by {GROUP_LABEL[groupBy]}</>}
      minWidth="min-w-[72rem]"
      columns={[
        GROUP_LABEL[groupBy],
        "Requests",
        "Error rate",
        "Refusal / outage / client",
        "Latency p50 / p95",
        "TTFT p50 / p95",
        "Tokens in / out",
        "Fell back",
        "Degraded",
        "",
      ]}
    >
      {rows.map((r) => {
        const narrow = r.value === null ? null : { [FILTER_OF[groupBy]]: r.value };
        return (
          <tr key={r.value ?? "(none)"} data-testid="usage-row">
            <td className="px-3 py-2 font-medium">
              {narrow ? (
                <Link
                  href={href("/gateway/usage", { ...asParams, ...narrow })}
                  className="text-brand-600 hover:underline dark:text-brand-100"
                >
                  {r.label}
                </Link>
              ) : (
                r.label
              )}
            </td>
            <td className="px-3 py-2">{r.requests}</td>
            <td className="px-3 py-2">{pct(r.errorRate)}</td>
            <td className="px-3 py-2">
              {r.refusal} / {r.outage} / {r.clientError}
            </td>
            <td className="whitespace-nowrap px-3 py-2">
              {formatMs(r.p50LatencyMs)} / {formatMs(r.p95LatencyMs)}
            </td>
            <td className="whitespace-nowrap px-3 py-2">
              {formatMs(r.p50TtftMs)} / {formatMs(r.p95TtftMs)}
            </td>
            <td className="px-3 py-2">
              {r.tokensIn} / {r.tokensOut}
            </td>
            <td className="px-3 py-2">{r.fallbacks}</td>
            <td className="px-3 py-2">{r.degradations}</td>
            <td className="whitespace-nowrap px-3 py-2">
              {narrow ? (
                <Link href={logLink(narrow)} className="text-brand-600 hover:underline dark:text-brand-100">
                  Open in the request log
                </Link>
              ) : null}
            </td>
          </tr>
        );
      })}
    </FramedTable>
  );
}
