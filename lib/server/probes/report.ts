import "server-only";
import { VERDICT_SYMBOLS } from "@/lib/matrix";
import { PROBES } from "./registry";
import type { ProbeRecord } from "./runner";

/** Verdict tables for the CLI: plain text, Markdown (like the seed's feature matrix) and JSON. */

/** The Markdown symbol of each verdict (one table for the CLI, the exports and the UI). */
export { VERDICT_SYMBOLS };

/** What a report is about. */
export type ReportHeader = { provider: string; model: string; serverVersion: string | null; runId: string | null };

const titleOf = (feature: string): string => PROBES.find((p) => p.feature === feature)?.title ?? feature;
const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();
/** The reason, with a declared-vs-observed disagreement flagged after it. */
const reasonOf = (r: ProbeRecord): string => oneLine(r.disagreement ? `${r.reason} ⚑ ${r.disagreement}` : r.reason);

/** Aligned columns for a terminal. */
export function formatTable(header: ReportHeader, records: readonly ProbeRecord[]): string {
  const rows = records.map((r) => [r.feature, r.verdict, `${r.latencyMs} ms`, reasonOf(r)]);
  const widths = [0, 1, 2].map((i) =>
    Math.max(...[["feature", "verdict", "latency"][i] ?? "", ...rows.map((r) => r[i] ?? "")].map((s) => s.length)),
  );
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c)).join("  ");
  const version = header.serverVersion ? `, server ${header.serverVersion}` : "";
  return [
    `${header.provider} · ${header.model}${version}`,
    line(["feature", "verdict", "latency", "reason"]),
    ...rows.map(line),
  ].join("\n");
}

/** A Markdown table: ✅ supported, ⚠️ partial, ❌ unsupported, ❓ error, ➖ skipped. */
export function formatMarkdown(header: ReportHeader, records: readonly ProbeRecord[]): string {
  const escape = (s: string) => oneLine(s).replace(/\|/g, "\\|");
  const version = header.serverVersion ? ` — server ${header.serverVersion}` : "";
  return [
    `**${escape(header.provider)}** · \`${escape(header.model)}\`${version}`,
    "",
    "| Feature | Verdict | Reason |",
    "| --- | --- | --- |",
    ...records.map(
      (r) =>
        `| ${escape(titleOf(r.feature))} (\`${r.feature}\`) | ${VERDICT_SYMBOLS[r.verdict]} ${r.verdict} | ${escape(reasonOf(r))} |`,
    ),
    "",
    "✅ supported · ⚠️ partial · ❌ unsupported · ❓ error (no conclusion) · ➖ skipped · ⚑ declared ≠ observed",
  ].join("\n");
}

/** The features of `required` that did not come out `supported`. */
export function unmetRequirements(records: readonly ProbeRecord[], required: readonly string[]): string[] {
  return required.filter((f) => records.find((r) => r.feature === f)?.verdict !== "supported");
}

/** Everything, as JSON (evidence included, for CI logs). */
export function formatJson(header: ReportHeader, records: readonly ProbeRecord[], required: readonly string[]): string {
  const unmet = unmetRequirements(records, required);
  return JSON.stringify(
    {
      ...header,
      results: records.map((r) => ({ title: titleOf(r.feature), ...r })),
      required,
      unmet,
      ok: unmet.length === 0,
    },
    null,
    2,
  );
}
