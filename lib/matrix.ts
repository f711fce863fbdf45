import type { HistoryRun, MatrixQuery, MatrixRow, VerdictChange, VerdictCounts } from "@/lib/schemas/matrix";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import { VERDICT_INFO, VERDICTS, type Verdict } from "@/lib/probe-vocabulary";
import { PROVIDER_KINDS, type ProviderKind } from "@/lib/providers/presets";

/**
 * Pure matrix rules shared by the server (API filters, exports, history) and the browser
 * (instant filtering, diff of two runs). No I/O here.
 */

/** How the matrix is laid out: a row per provider+model (features across), or a row per feature (the seed's table). */
export const MATRIX_ORIENTATIONS = ["providers", "features"] as const;
/** One layout of the matrix. */
export type MatrixOrientation = (typeof MATRIX_ORIENTATIONS)[number];

/**
 * The layout when the user has not chosen one: the seed's "features as rows" while the
 * providers fit side by side, "providers as rows" once there are more.
 */
export function defaultOrientation(rowCount: number): MatrixOrientation {
  return rowCount <= 8 ? "features" : "providers";
}

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

/** The emoji of each verdict, for Markdown exports and the CLI only (pages draw icons). */
export const VERDICT_SYMBOLS = Object.fromEntries(VERDICTS.map((v) => [v, VERDICT_INFO[v].emoji])) as Record<
  Verdict,
  string
>;

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

/** Most characters of one evidence excerpt the evidence panel shows. */
const EXCERPT_CHARS = 4000;

/**
 * An evidence excerpt as a person reads it: JSON (an object, or text that parses as JSON)
 * indented, anything else (an SSE stream, plain text) as it came. Bounded.
 */
export function prettyExcerpt(value: unknown): string {
  let text: string;
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      text = typeof parsed === "object" && parsed !== null ? JSON.stringify(parsed, null, 2) : value;
    } catch {
      text = value;
    }
  } else {
    text = JSON.stringify(value, null, 2) ?? "";
  }
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/**
 * Features ordered by how much their latency moved across `runs` (largest range first),
 * ties by registry order; features with fewer than two measurements come last.
 */
export function featuresByLatencyChange(runs: readonly HistoryRun[], order: readonly string[]): string[] {
  const range = (feature: string): number => {
    const values = runs.flatMap((r) => {
      const v = r.verdicts[feature];
      return v ? [v.latencyMs] : [];
    });
    return values.length < 2 ? -1 : Math.max(...values) - Math.min(...values);
  };
  const ranges = new Map(order.map((f) => [f, range(f)]));
  return [...order].sort((a, b) => (ranges.get(b) ?? -1) - (ranges.get(a) ?? -1));
}

const FAILURE_WORDS: Record<string, string> = {
  timeout: "Timed out",
  refused: "Connection refused",
  dns: "Host not found",
  tls: "TLS error",
  invalid_response: "Invalid response",
  aborted: "Aborted",
  network: "Connection failed",
  redirect: "Redirected",
};

/**
 * A failed exchange of the evidence in one line: "HTTP 400: <the server's message>" when the
 * server answered, else what went wrong in words ("Timed out: no answer within 3000 ms").
 */
export function exchangeErrorText(error: { kind: string; status?: number; message: string }): string {
  const answered = error.status !== undefined && (error.kind === "http" || error.kind === "redirect");
  const head = answered ? `HTTP ${error.status}` : (FAILURE_WORDS[error.kind] ?? error.kind.replace(/_/g, " "));
  return `${head}: ${error.message}`;
}
