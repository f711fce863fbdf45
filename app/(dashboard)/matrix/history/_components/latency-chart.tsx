"use client";

import { useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { clockTime, shortTime } from "@/lib/format-time";
import { featuresByLatencyChange } from "@/lib/matrix";
import type { HistoryRun } from "@/lib/schemas/matrix";
import type { FeatureView } from "@/lib/schemas/probes";

/**
 * Okabe–Ito's palette (distinguishable with the common colour-vision deficiencies), without
 * its yellow, which is unreadable on white. At most this many lines at once.
 */
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#4B5563"];
/** Lines shown at first: the features whose latency moved most. */
const INITIAL = 4;

/**
 * Latency (ms) of chosen features per run, oldest first. A picker chooses the lines (at most
 * seven, each its own colour); it starts with the features whose latency changed most.
 */
export function LatencyChart({ runs, features }: { runs: HistoryRun[]; features: FeatureView[] }) {
  const ranked = featuresByLatencyChange(
    runs,
    features.map((f) => f.feature),
  );
  const [chosen, setChosen] = useState<string[]>(() => ranked.slice(0, INITIAL));
  const titles = new Map(features.map((f) => [f.feature, f.title]));
  // Runs within a day are told apart by their time to the second; longer spans by day and time.
  const first = runs[0]?.startedAt;
  const last = runs.at(-1)?.startedAt;
  const sameDay = !!first && !!last && Math.abs(Date.parse(last) - Date.parse(first)) < 24 * 3600_000;
  const data = runs.map((r) => ({
    run: sameDay ? clockTime(r.startedAt) : shortTime(r.startedAt),
    ...Object.fromEntries(Object.entries(r.verdicts).map(([f, v]) => [f, v.latencyMs])),
  }));
  const colourOf = (feature: string) => COLOURS[chosen.indexOf(feature)] ?? COLOURS[0]!;
  const toggle = (feature: string) =>
    setChosen((list) => (list.includes(feature) ? list.filter((f) => f !== feature) : [...list, feature]));

  return (
    <div className="space-y-3">
      <fieldset>
        <legend className="text-sm text-zinc-600 dark:text-zinc-400">
          Lines (up to {COLOURS.length}; first shown: the features whose latency changed most)
        </legend>
        <div className="mt-2 flex flex-wrap gap-1.5">
          {ranked.map((f) => {
            const on = chosen.includes(f);
            return (
              <label
                key={f}
                className={`inline-flex cursor-pointer items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 ${
                  on
                    ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
                    : "border-zinc-300 text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
                }`}
              >
                <input
                  type="checkbox"
                  className="sr-only"
                  checked={on}
                  disabled={!on && chosen.length >= COLOURS.length}
                  onChange={() => toggle(f)}
                />
                {on ? (
                  <span aria-hidden="true" className="size-2.5 rounded-full" style={{ background: colourOf(f) }} />
                ) : null}
                {titles.get(f) ?? f}
              </label>
            );
          })}
        </div>
      </fieldset>
      <figure aria-label="Latency per feature over time" className="h-80 w-full text-zinc-600 dark:text-zinc-400">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="run" tick={{ fontSize: 12, fill: "currentColor" }} tickMargin={8} minTickGap={24} />
            <YAxis
              tick={{ fontSize: 12, fill: "currentColor" }}
              width={56}
              tickFormatter={(v: number) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`)}
            />
            <Tooltip
              formatter={(value, name) => [`${value} ms`, titles.get(String(name)) ?? String(name)]}
              contentStyle={{ fontSize: 12 }}
            />
            {chosen.map((f) => (
              <Line
                key={f}
                type="monotone"
                dataKey={f}
                name={f}
                stroke={colourOf(f)}
                strokeWidth={2}
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        <figcaption className="sr-only">
          Each line is one chosen feature; the table of runs above lists the same runs.
        </figcaption>
      </figure>
    </div>
  );
}
