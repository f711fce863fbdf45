"use client";

import { VerdictIcon } from "@/app/_components/verdict";
import { isVerdict } from "@/lib/probe-vocabulary";
import type { CircuitView, RouteStatusView } from "@/lib/schemas/usage";

/** hh:mm:ss in the viewer's time zone (rendered in the browser only: the status is read there). */
const hms = (iso: string) => new Date(iso).toLocaleTimeString("en-GB", { hour12: false });

/** A target's circuit in words: closed, open until hh:mm:ss, half-open; with the last outage's reason. */
export function CircuitBadge({ circuit }: { circuit: CircuitView | undefined }) {
  if (!circuit) return null;
  const text =
    circuit.state === "open"
      ? `circuit open until ${hms(circuit.until)}`
      : circuit.state === "half-open"
        ? "circuit half-open (next request is a trial)"
        : "circuit closed";
  const tone =
    circuit.state === "closed"
      ? "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
      : circuit.state === "open"
        ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200"
        : "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200";
  return (
    <span className="inline-flex flex-wrap items-center gap-1 text-xs">
      <span data-testid="circuit" className={`rounded px-1.5 py-0.5 font-medium ${tone}`}>
        {text}
      </span>
      {circuit.state !== "closed" && circuit.lastReason ? (
        <span className="text-zinc-600 dark:text-zinc-400">last outage: {circuit.lastReason}</span>
      ) : null}
    </span>
  );
}

/** The latest verdict of each feature the route's traffic used, for one target. */
export function UsedVerdicts({
  used,
  verdicts,
}: {
  used: RouteStatusView["used"];
  verdicts: RouteStatusView["targets"][number]["verdicts"] | undefined;
}) {
  if (used.length === 0) return <span className="text-xs text-zinc-500">no traffic in the last 7 days</span>;
  const features = [...new Set(used.map((u) => u.feature))];
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Verdicts for the features this route's traffic used">
      {features.map((f) => {
        const v = verdicts?.[f];
        return (
          <li
            key={f}
            className="inline-flex items-center gap-1 rounded border border-zinc-200 px-1.5 py-0.5 text-xs dark:border-zinc-700"
            title={v ? `${v.verdict}: ${v.reason}` : "no verdict yet"}
          >
            {v && isVerdict(v.verdict) ? <VerdictIcon verdict={v.verdict} size={14} /> : null}
            <span>
              {f}: {v?.verdict ?? "no verdict"}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
