import "server-only";
import type { LatestVerdict } from "./degradation";
import * as repo from "./repository";

/** The latest verdict of each of `features` for one provider+model (absent: never probed). */
export async function latestVerdicts(
  providerId: string,
  model: string,
  features: readonly string[],
): Promise<Map<string, LatestVerdict>> {
  const rows = await repo.findLatestResultRows(providerId, model, features);
  const out = new Map<string, LatestVerdict>();
  for (const row of rows) {
    // `error` and `skipped` say nothing about support: treated as no verdict (try natively).
    if (!row || row.verdict === "error" || row.verdict === "skipped") continue;
    out.set(row.feature, {
      verdict: row.verdict,
      reason: row.reason,
      runId: row.runId,
      at: row.createdAt.toISOString(),
      flags: Array.isArray(row.flags) ? row.flags.filter((f): f is string => typeof f === "string") : [],
    });
  }
  return out;
}
