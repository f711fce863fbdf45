/**
 * `npm run bench`, dashboard section: seeds 100,000 probe results into a temporary SQLite
 * database and prints the p95 of the matrix and history queries (target ≤ 50 ms each), then
 * the matrix page's first-load JavaScript, gzipped, from `.next` (target ≤ 200 kB). Numbers
 * only; nothing asserts.
 */
import { seedBenchProviders } from "./bench-seed";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import { measure } from "./bench-stats";

const RESULTS = 100_000;
const PROVIDERS = 10;
const MODELS_PER_PROVIDER = 2;
const VERDICTS = ["supported", "supported", "supported", "partial", "unsupported", "error", "skipped"] as const;

/** Seeds providers, runs and results (exported for profiling); returns one provider+model for the history query. */
export async function seed(): Promise<{ providerId: string; model: string }> {
  const { getDb } = await import("../lib/server/db");
  const { FEATURES } = await import("../lib/server/probes/registry");
  const db = getDb();
  const pairs: { providerId: string; model: string }[] = [];
  for (const providerId of await seedBenchProviders(PROVIDERS)) {
    for (let m = 0; m < MODELS_PER_PROVIDER; m++) pairs.push({ providerId, model: `model-${m}` });
  }
  const runsPerPair = Math.ceil(RESULTS / FEATURES.length / pairs.length);
  const start = Date.now() - runsPerPair * 3_600_000;
  let written = 0;
  for (let r = 0; r < runsPerPair && written < RESULTS; r++) {
    const runs = pairs.map((pair, i) => ({
      id: `bench-run-${r}-${i}`,
      ...pair,
      trigger: "schedule",
      status: "completed",
      features: [...FEATURES],
      appVersion: "bench",
      startedAt: new Date(start + r * 3_600_000),
      finishedAt: new Date(start + r * 3_600_000 + 5_000),
    }));
    await db.probeRun.createMany({ data: runs });
    const results = runs
      .flatMap((run, i) =>
        FEATURES.map((feature, f) => ({
          runId: run.id,
          providerId: run.providerId,
          model: run.model,
          feature,
          verdict: VERDICTS[(r + i + f) % VERDICTS.length] ?? "supported",
          reason: "Seeded by the bench.",
          latencyMs: 50 + ((r * 7 + f * 13) % 400),
          evidence: { exchanges: [] },
          createdAt: new Date(start + r * 3_600_000 + f * 100),
        })),
      )
      .slice(0, RESULTS - written);
    await db.probeResult.createMany({ data: results });
    written += results.length;
  }
  console.log(`seeded ${written} results in ${runsPerPair} runs × ${pairs.length} provider+model pairs`);
  return pairs[0] ?? { providerId: "", model: "" };
}

/** The gzipped size of the matrix page's first-load JavaScript, or null when there is no build. */
function firstLoadJs(root: string): { files: number; gzip: number } | null {
  const dir = path.join(root, ".next");
  const manifest = path.join(dir, "server/app/(dashboard)/matrix/page_client-reference-manifest.js");
  const build = path.join(dir, "server/app/(dashboard)/matrix/page/build-manifest.json");
  if (!fs.existsSync(manifest) || !fs.existsSync(build)) return null;
  const sandbox: {
    globalThis?: unknown;
    __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }>;
  } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(manifest, "utf8"), sandbox);
  const entries = sandbox.__RSC_MANIFEST?.["/(dashboard)/matrix/page"]?.entryJSFiles ?? {};
  const root_ = (JSON.parse(fs.readFileSync(build, "utf8")) as { rootMainFiles?: string[] }).rootMainFiles ?? [];
  const keys = ["[project]/app/layout", "[project]/app/(dashboard)/layout", "[project]/app/(dashboard)/matrix/page"];
  const files = new Set([...root_, ...keys.flatMap((k) => entries[k] ?? [])]);
  let gzip = 0;
  for (const f of files) gzip += zlib.gzipSync(fs.readFileSync(path.join(dir, f.replace(/^\/_next\//, "")))).length;
  return { files: files.size, gzip };
}

/** The dashboard section of the bench. */
export async function dashboardBench(): Promise<void> {
  console.log("\n## Dashboard (100,000 stored probe results, SQLite)\n");
  const { createTestDatabase } = await import("../lib/testing/test-database");
  const tmp = await createTestDatabase();
  try {
    const target = await seed();
    const { getMatrix, getRunHistory } = await import("../lib/server/matrix/service");
    const matrix = await measure(() => getMatrix({ sort: "name" }));
    const history = await measure(() => getRunHistory({ ...target, limit: 30 }));
    console.log("| query | p50 | p95 | target |\n| --- | --- | --- | --- |");
    console.log(
      `| matrix (${PROVIDERS * MODELS_PER_PROVIDER} rows) | ${matrix.p50.toFixed(1)} ms | ${matrix.p95.toFixed(1)} ms | ≤ 50 ms p95 |`,
    );
    console.log(`| history (30 runs) | ${history.p50.toFixed(1)} ms | ${history.p95.toFixed(1)} ms | ≤ 50 ms p95 |`);
    const { getDb } = await import("../lib/server/db");
    await getDb().$disconnect();
  } finally {
    await tmp.drop();
  }
  const js = firstLoadJs(process.cwd());
  console.log(
    js
      ? `\nmatrix page first-load JS: ${(js.gzip / 1024).toFixed(1)} kB gzipped in ${js.files} files (target ≤ 200 kB)`
      : "\nmatrix page first-load JS: not built (run `npx next build` first)",
  );
}
