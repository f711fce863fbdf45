import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getDb } from "@/lib/server/db";
import { insertRequestLogRows } from "@/lib/server/gateway/repository";
import { gatewayRow } from "@/lib/testing/request-log-rows";
import { createTestDatabase } from "@/lib/testing/test-database";
import { resetUsageCache } from "./cache";
import { getUsage } from "./service";

/**
 * Usage aggregation on a real database: windows, filters, grouping, error classes and
 * percentiles on known data — through the hour cache as well as straight from the rows.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
// A fixed "now" half-way through an hour, so every window has settled hours and live edges.
const NOW = Date.UTC(2026, 10, 20, 12, 30, 0);
const ago = (ms: number) => new Date(NOW - ms);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

beforeAll(async () => {
  db = await createTestDatabase();
  const rows = [
    // The last hour: 100 answered requests with latencies 1..100 ms (TTFT half of it) on key A, route fast.
    ...Array.from({ length: 100 }, (_, i) =>
      gatewayRow({
        createdAt: ago(20 * MIN + i * 1000),
        keyId: "key-a",
        route: "fast",
        providerUsedId: "prov-1",
        model: "m1",
        latencyMs: i + 1,
        ttftMs: Math.floor((i + 1) / 2),
        promptTokens: 10,
        completionTokens: 5,
      }),
    ),
    // 3 hours ago: a refusal and an outage (that fell back) on key B, route default.
    gatewayRow({ createdAt: ago(3 * HOUR), keyId: "key-b", errorClass: "refusal", latencyMs: 40 }),
    gatewayRow({ createdAt: ago(3 * HOUR + MIN), keyId: "key-b", errorClass: "outage", fallbacks: 2, latencyMs: 900 }),
    // 2 days ago: a degraded answer and a client error.
    gatewayRow({
      createdAt: ago(2 * DAY),
      keyId: "key-b",
      providerUsedId: "prov-2",
      model: "m2",
      degradationCount: 1,
      latencyMs: 2000,
    }),
    gatewayRow({ createdAt: ago(2 * DAY + HOUR), keyId: "key-b", errorClass: "client_error", latencyMs: 3 }),
    // 10 days ago: one answer; 40 days ago: outside every window.
    gatewayRow({
      createdAt: ago(10 * DAY),
      keyId: "key-a",
      route: "fast",
      providerUsedId: "prov-1",
      model: "m1",
      latencyMs: 5,
    }),
    gatewayRow({ createdAt: ago(40 * DAY), keyId: "key-a", latencyMs: 5 }),
    // The playground's rows never count as gateway usage.
    { ...gatewayRow({ createdAt: ago(5 * MIN) }), source: "playground" },
  ];
  await insertRequestLogRows(rows);
});

beforeEach(() => resetUsageCache());

afterAll(async () => {
  await getDb().$disconnect();
  await db.drop();
});

describe("windows", () => {
  test.each([
    ["1h", 100],
    ["24h", 102],
    ["7d", 104],
    ["30d", 105],
  ] as const)("%s counts the gateway's rows inside it", async (window, requests) => {
    const report = await getUsage({ window, groupBy: "route" }, NOW);
    expect(report.totals.requests).toBe(requests);
    expect(report.series.reduce((n, p) => n + p.requests, 0)).toBe(requests);
  });

  test("a second read (from cached hours and days) answers the same", async () => {
    const first = await getUsage({ window: "30d", groupBy: "key" }, NOW);
    const second = await getUsage({ window: "30d", groupBy: "key" }, NOW);
    expect(second).toEqual(first);
  });
});

describe("classes, tokens, fallbacks and degradations", () => {
  test("errors are counted by class and the rate is over every request", async () => {
    const { totals } = await getUsage({ window: "7d", groupBy: "route" }, NOW);
    expect(totals).toMatchObject({ refusal: 1, outage: 1, clientError: 1, errors: 3, fallbacks: 1, degradations: 1 });
    expect(totals.errorRate).toBeCloseTo(3 / 104);
    expect(totals.tokensIn).toBe(1000);
    expect(totals.tokensOut).toBe(500);
  });
});

describe("percentiles", () => {
  test("p50 and p95 of latencies 1..100 ms are exact (nearest rank)", async () => {
    const { totals } = await getUsage({ window: "1h", groupBy: "route" }, NOW);
    expect(totals.p50LatencyMs).toBe(50);
    expect(totals.p95LatencyMs).toBe(95);
    expect(totals.p50TtftMs).toBe(25);
    expect(totals.p95TtftMs).toBe(47);
  });

  test("above 100 ms a percentile is within 2 % below the true value", async () => {
    const { rows } = await getUsage({ window: "7d", groupBy: "provider", providerId: "prov-2" }, NOW);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.p50LatencyMs).toBeGreaterThanOrEqual(1960);
    expect(rows[0]!.p50LatencyMs).toBeLessThanOrEqual(2000);
  });
});

describe("filters and grouping", () => {
  test("grouped by key, each key's own requests and percentiles", async () => {
    const { rows } = await getUsage({ window: "24h", groupBy: "key" }, NOW);
    const byKey = Object.fromEntries(rows.map((r) => [r.value, r]));
    expect(byKey["key-a"]).toMatchObject({ requests: 100, errors: 0, p95LatencyMs: 95 });
    expect(byKey["key-b"]).toMatchObject({ requests: 2, refusal: 1, outage: 1 });
    expect(rows.map((r) => r.label)).toEqual(["a deleted key", "a deleted key"]);
  });

  test("a filter narrows totals, rows and chart to its slice", async () => {
    const report = await getUsage({ window: "30d", groupBy: "model", route: "fast" }, NOW);
    expect(report.totals.requests).toBe(101);
    expect(report.rows.map((r) => [r.value, r.requests])).toEqual([["m1", 101]]);
    expect(report.narrowedTo).toEqual([{ field: "route", label: "fast" }]);
    const none = await getUsage({ window: "30d", groupBy: "model", route: "fast", keyId: "key-b" }, NOW);
    expect(none.narrowedTo).toEqual([
      { field: "keyId", label: "a deleted key" },
      { field: "route", label: "fast" },
    ]);
    expect(none.totals.requests).toBe(0);
    expect(none.totals.p50LatencyMs).toBeNull();
  });
});
