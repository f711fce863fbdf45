"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { HistoryRun } from "@/lib/schemas/matrix";
import type { FeatureView } from "@/lib/schemas/probes";

const COLOURS = ["#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

/** Latency (ms) of each feature per run, oldest first (recharts). */
export function LatencyChart({ runs, features }: { runs: HistoryRun[]; features: FeatureView[] }) {
  const data = runs.map((r) => ({
    run: new Date(r.startedAt).toLocaleString(),
    ...Object.fromEntries(Object.entries(r.verdicts).map(([f, v]) => [f, v.latencyMs])),
  }));
  return (
    <figure aria-label="Latency per feature over time" className="h-80 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="run" tick={{ fontSize: 11 }} />
          <YAxis unit=" ms" tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {features.map((f, i) => (
            <Line
              key={f.feature}
              type="monotone"
              dataKey={f.feature}
              name={f.title}
              stroke={COLOURS[i % COLOURS.length]}
              dot={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="sr-only">Each line is one feature; the table above lists the same runs.</figcaption>
    </figure>
  );
}
