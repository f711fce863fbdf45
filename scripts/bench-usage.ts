/**
 * `npm run bench -- --section usage`: seeds 1,000,000 gateway request-log rows over 30 days
 * into a temporary SQLite database and prints p50/p95 of the usage and switch-readiness
 * queries (target ≤ 100 ms p95), plus the first, cold read of each window (the hour cache
 * is empty then). Numbers only; nothing asserts.
 */
import { seedBenchProviders } from "./bench-seed";
import { measure } from "./bench-stats";

const ROWS = 1_000_000;
const SPAN_MS = 30 * 24 * 3_600_000;
const KEYS = 20;
const ROUTES = ["default", "fast", "embed", "vision", "json"];
const PROVIDERS = 6;
const FEATURE_SETS = [
  [],
  ["streaming"],
  ["streaming", "stream_usage"],
  ["tools"],
  ["streaming", "tools", "tools_streaming"],
  ["json_mode"],
  ["structured_output"],
  ["max_completion_tokens"],
  ["tools", "tool_choice:required"],
  ["vision"],
];

export async function usageBench(): Promise<void> {
  console.log("\n## Usage and switch readiness (1,000,000 request-log rows over 30 days, SQLite)\n");
  const { createTestDatabase } = await import("../lib/testing/test-database");
  const tmp = await createTestDatabase();
  try {
    const { getDb } = await import("../lib/server/db");
    const { insertRequestLogRows } = await import("../lib/server/gateway/repository");
    const { gatewayRow } = await import("../lib/testing/request-log-rows");
    const providerIds = await seedBenchProviders(PROVIDERS);
    const now = Date.now();
    const started = performance.now();
    const BATCH = 20_000;
    for (let i = 0; i < ROWS; i += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, ROWS - i) }, (_, j) => {
        const n = i + j;
        const key = n % KEYS;
        const route = ROUTES[key % ROUTES.length]!;
        const provider = providerIds[(key + (n % 3)) % PROVIDERS]!;
        const failed = n % 50 === 0;
        return gatewayRow({
          createdAt: new Date(now - ((n * 7919) % SPAN_MS)),
          keyId: `bench-key-${key}`,
          route,
          providerUsedId: failed ? null : provider,
          model: `model-${n % 2}`,
          errorClass: failed ? (["outage", "refusal", "client_error"] as const)[n % 3]! : null,
          latencyMs: 20 + ((n * 37) % 3000),
          ttftMs: 5 + ((n * 13) % 800),
          promptTokens: 100 + (n % 50),
          completionTokens: 20 + (n % 30),
          fallbacks: n % 40 === 0 ? 1 : 0,
          degradationCount: n % 30 === 0 ? 1 : 0,
          features: FEATURE_SETS[n % FEATURE_SETS.length]!,
        });
      });
      await insertRequestLogRows(rows);
    }
    console.log(`seeded ${ROWS} rows in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const { getUsage } = await import("../lib/server/usage/service");
    const { getReadiness } = await import("../lib/server/usage/readiness");
    const { resetUsageCache } = await import("../lib/server/usage/cache");
    const queries: [string, () => Promise<unknown>][] = [
      ["usage 1h by route", () => getUsage({ window: "1h", groupBy: "route" })],
      ["usage 24h by key", () => getUsage({ window: "24h", groupBy: "key" })],
      ["usage 7d by provider", () => getUsage({ window: "7d", groupBy: "provider" })],
      ["usage 30d by model", () => getUsage({ window: "30d", groupBy: "model" })],
      ["usage 30d, one key, by route", () => getUsage({ window: "30d", groupBy: "route", keyId: "bench-key-3" })],
      [
        "readiness route default, 7 days",
        () =>
          getReadiness({ route: "default", providerId: providerIds[0]!, model: "model-0", days: 7, format: "json" }),
      ],
      [
        "readiness one key, 30 days",
        () =>
          getReadiness({
            keyId: "bench-key-4",
            providerId: providerIds[1]!,
            model: "model-0",
            days: 30,
            format: "json",
          }),
      ],
    ];
    resetUsageCache();
    console.log("| query | cold (first read) | p50 | p95 | target |\n| --- | --- | --- | --- | --- |");
    for (const [name, fn] of queries) {
      const t = performance.now();
      await fn();
      const cold = performance.now() - t;
      const { p50, p95 } = await measure(fn, { warmup: 3, samples: 40 });
      console.log(`| ${name} | ${cold.toFixed(0)} ms | ${p50.toFixed(1)} ms | ${p95.toFixed(1)} ms | ≤ 100 ms p95 |`);
    }
    await getDb().$disconnect();
  } finally {
    await tmp.drop();
  }
}
