import type { MatrixQuery, MatrixRow, VerdictChange, VerdictCounts } from "@/lib/schemas/matrix";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import { VERDICTS, type Verdict } from "@/lib/probe-vocabulary";
import { PROVIDER_KINDS, type ProviderKind } from "@/lib/providers/presets";

/**
 * Pure matrix rules shared by the server (API filters, exports, history) and the browser
 * (instant filtering, diff of two runs). No I/O here.
 */

/** The most runs one history request returns. */
export const MAX_HISTORY_RUNS = 100;

const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined =>
  values.find((x) => x === v);

/**
 * The matrix filters from a page's search params, for the browser (no validator shipped to
 * the matrix page): the same fields and defaults as `matrixQuerySchema`, and a value that
 * is not allowed is ignored rather than refused.
 */
export function readMatrixQuery(params: Record<string, string | undefined>): MatrixQuery {
  const environment: Environment | undefined = oneOf(ENVIRONMENTS, params.environment);
  const kind: ProviderKind | undefined = oneOf(PROVIDER_KINDS, params.kind);
  return {
    ...(environment ? { environment } : {}),
    ...(kind ? { kind } : {}),
    problems: params.problems === "1" || params.problems === "true",
    sort: oneOf(["name", "supported"] as const, params.sort) ?? "name",
  };
}

/** The symbol of each verdict (the seed's matrix, and the CLI's Markdown). */
export const VERDICT_SYMBOLS: Record<Verdict, string> = {
  supported: "✅",
  partial: "⚠️",
  unsupported: "❌",
  error: "❓",
  skipped: "➖",
};

/** The legend printed under Markdown exports. */
export const VERDICT_LEGEND =
  "✅ supported · ⚠️ partial · ❌ unsupported · ❓ error (no conclusion) · ➖ skipped · ⚑ declared ≠ observed";

const PROBLEMS: ReadonlySet<Verdict> = new Set(["partial", "unsupported", "error"]);

/** Features of a row whose verdict is `supported`. */
export function supportedCount(row: MatrixRow): number {
  return Object.values(row.cells).filter((c) => c.verdict === "supported").length;
}

/** Whether a row needs attention: unreachable or another row-level finding, a partial/unsupported/error verdict, or a disagreement. */
export function rowHasProblems(row: MatrixRow): boolean {
  return (
    row.unreachable !== null ||
    row.finding !== null ||
    Object.values(row.cells).some((c) => PROBLEMS.has(c.verdict) || c.disagreement !== null)
  );
}

/** Applies the environment, kind and "only problems" filters, then sorts (by name, or most supported first). */
export function filterMatrixRows(rows: readonly MatrixRow[], query: Partial<MatrixQuery>): MatrixRow[] {
  const kept = rows.filter(
    (r) =>
      (!query.environment || r.environments.includes(query.environment)) &&
      (!query.kind || r.providerKind === query.kind) &&
      (!query.problems || rowHasProblems(r)),
  );
  const byName = (a: MatrixRow, b: MatrixRow) =>
    a.providerName.localeCompare(b.providerName) || a.model.localeCompare(b.model);
  return kept.sort(
    query.sort === "supported" ? (a, b) => supportedCount(b) - supportedCount(a) || byName(a, b) : byName,
  );
}

/** Zero for every verdict. */
export function emptyCounts(): VerdictCounts {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;
}

/**
 * What changed from run `before` to run `after` (feature → verdict maps): a regression is
 * `supported` becoming anything else; a fix is anything becoming `supported`.
 */
export function diffVerdicts(
  before: Record<string, { verdict: Verdict }>,
  after: Record<string, { verdict: Verdict }>,
  order: readonly string[],
): VerdictChange[] {
  const changes: VerdictChange[] = [];
  for (const feature of order) {
    const from = before[feature]?.verdict ?? null;
    const to = after[feature]?.verdict ?? null;
    if (from === to || from === null || to === null) continue;
    const kind = from === "supported" ? "regression" : to === "supported" ? "fix" : "change";
    changes.push({ feature, from, to, kind });
  }
  return changes;
}
