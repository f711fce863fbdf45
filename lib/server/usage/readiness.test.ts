import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { readinessMarkdown } from "@/lib/readiness-markdown";
import { getDb } from "@/lib/server/db";
import { insertRequestLogRows } from "@/lib/server/gateway/repository";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { storeProbeRun } from "@/lib/testing/probe-runs";
import { gatewayRow } from "@/lib/testing/request-log-rows";
import { createTestDatabase } from "@/lib/testing/test-database";
import { resetUsageCache } from "./cache";
import { classify, getReadiness } from "./readiness";

/**
 * Switch readiness on a real database: the features logged requests used, joined with the
 * candidate's latest verdicts, classified by the gateway's own plan (native, degrade, refuse).
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let candidate: string;
const now = Date.now();
const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);

const verdicts = (providerId: string, model: string, list: Record<string, string>, minutesAgo = 5) =>
  storeProbeRun(providerId, model, list, { minutesAgo });

beforeAll(async () => {
  db = await createTestDatabase();
  // Never called: readiness reads verdicts and the log, not the provider.
  candidate = await createSimulatedProvider("http://127.0.0.1:9", "llamacpp", { name: "Candidate" });
  const rows = [
    ...Array.from({ length: 6 }, (_, i) =>
      gatewayRow({
        createdAt: at(10 + i),
        route: "chat",
        keyId: "k1",
        features: ["streaming", "tools", "tools_streaming"],
      }),
    ),
    ...Array.from({ length: 3 }, (_, i) =>
      gatewayRow({ createdAt: at(20 + i), route: "chat", keyId: "k1", features: ["json_mode"] }),
    ),
    gatewayRow({ createdAt: at(30), route: "chat", keyId: "k2", features: ["streaming"] }),
    // Another route's traffic, and one older than the window.
    gatewayRow({ createdAt: at(40), route: "vision", keyId: "k2", features: ["vision", "stop"] }),
    gatewayRow({ createdAt: at(60 * 24 * 10), route: "chat", keyId: "k1", features: ["vision"] }),
  ];
  await insertRequestLogRows(rows);
});

beforeEach(() => resetUsageCache());

afterAll(async () => {
  await getDb().$disconnect();
  await db.drop();
});

const ask = (q: { route?: string; keyId?: string }, model = "m") =>
  getReadiness({ ...q, providerId: candidate, model, days: 7, format: "json" });

describe("feature extraction", () => {
  test("counts each used feature over the route's requests in the window", async () => {
    const r = await ask({ route: "chat" }, "none-probed");
    expect(r.requests).toBe(10);
    expect(Object.fromEntries(r.features.map((f) => [f.used, f.requests]))).toEqual({
      streaming: 7,
      tools: 6,
      tools_streaming: 6,
      json_mode: 3,
    });
    // Nothing probed yet: no verdicts, and a probe is asked for.
    expect(r.features.every((f) => f.verdict === null && f.handling === "unknown")).toBe(true);
    expect(r.needsProbe).toBe(true);
  });

  test("a key's traffic, across routes", async () => {
    const r = await ask({ keyId: "k2" }, "none-probed");
    expect(r.requests).toBe(2);
    expect(r.features.map((f) => f.used).sort()).toEqual(["stop", "streaming", "vision"]);
  });
});

describe("verdict join and classification", () => {
  test("missing tools-while-streaming and JSON mode degrade; supported features are native", async () => {
    await verdicts(candidate, "degrading", {
      streaming: "supported",
      tools: "supported",
      tools_streaming: "unsupported",
      json_mode: "unsupported",
    });
    const r = await ask({ route: "chat" }, "degrading");
    const by = Object.fromEntries(r.features.map((f) => [f.used, f]));
    expect(by.streaming).toMatchObject({ handling: "native", verdict: { verdict: "supported" } });
    expect(by.tools).toMatchObject({ handling: "native" });
    expect(by.tools_streaming).toMatchObject({ handling: "degrade", detail: "Tools without streaming" });
    expect(by.json_mode).toMatchObject({ handling: "degrade", detail: "JSON by instruction" });
    expect(r.verdict).toBe("degrades");
    expect(r.answer).toBe("works with 2 degradations");
    expect(r.breaking).toBe(0);
    expect(r.needsProbe).toBe(false);
  });

  test("a feature nothing can stand in for breaks the requests that used it", async () => {
    await verdicts(candidate, "no-tools", { streaming: "supported", tools: "unsupported", json_mode: "supported" });
    const r = await ask({ route: "chat" }, "no-tools");
    expect(r.verdict).toBe("breaks");
    expect(r.breaking).toBe(6);
    expect(r.answer).toMatch(/^would break 60 % of requests: tools is unsupported/);
    expect(r.features.find((f) => f.used === "tools")).toMatchObject({ handling: "refuse" });
    expect(readinessMarkdown(r)).toContain("| `tools` | 6 | ❌ unsupported");
  });

  test("everything supported: safe to switch", async () => {
    await verdicts(candidate, "all-good", {
      streaming: "supported",
      tools: "supported",
      tools_streaming: "supported",
      json_mode: "supported",
    });
    const r = await ask({ route: "chat" }, "all-good");
    expect(r.answer).toBe("safe to switch");
    expect(r.features.every((f) => f.handling === "native")).toBe(true);
  });

  test("an old verdict asks for a probe", async () => {
    await verdicts(
      candidate,
      "stale",
      { streaming: "supported", json_mode: "supported", tools: "supported", tools_streaming: "supported" },
      60 * 24 * 8,
    );
    const r = await ask({ route: "chat" }, "stale");
    expect(r.needsProbe).toBe(true);
    expect(r.answer).toContain("probe this target");
  });
});

describe("the Routes page's status", () => {
  test("each target's verdicts of the features its route used, and its circuit", async () => {
    const { createRoute } = await import("@/lib/server/gateway/routes");
    const { recordOutage, resetBreakers } = await import("@/lib/server/calls/breaker");
    const { listRouteStatus } = await import("./route-status");
    await verdicts(candidate, "status-a", {
      streaming: "supported",
      tools: "supported",
      tools_streaming: "unsupported",
    });
    const route = await createRoute(
      {
        name: "chat",
        environment: "development",
        targets: [
          { providerId: candidate, model: "status-a" },
          { providerId: candidate, model: "status-b" },
        ],
      },
      null,
    );
    for (let i = 0; i < 3; i++) recordOutage(candidate, "status-b", "connection refused");
    const status = (await listRouteStatus()).find((s) => s.routeId === route.id)!;
    expect(status.used.map((u) => [u.used, u.requests])).toEqual([
      ["streaming", 7],
      ["tools", 6],
      ["tools_streaming", 6],
      ["json_mode", 3],
    ]);
    const [a, b] = status.targets;
    expect(a!.verdicts.tools_streaming?.verdict).toBe("unsupported");
    expect(a!.verdicts.json_mode).toBeUndefined();
    expect(a!.circuit).toEqual({ state: "closed", recentOutages: 0 });
    expect(b!.circuit).toMatchObject({ state: "open", lastReason: "connection refused" });
    resetBreakers();
  });
});

describe("Responses API traffic", () => {
  const v = (entries: Record<string, string>) =>
    new Map(
      Object.entries(entries).map(([f, verdict]) => [f, { verdict, reason: "r", runId: "x", at: "", flags: [] }]),
    );

  test("a target without /v1/responses is bridged (a degradation), one with it served natively", () => {
    expect(classify(["responses"], v({ responses: "unsupported" }))).toEqual({
      handling: "degrade",
      detail: "/v1/responses bridged to chat completions",
      feature: null,
    });
    expect(classify(["responses"], v({ responses: "supported" }))).toMatchObject({ handling: "native" });
  });

  test("the rest of a bridged request is judged as chat: what chat cannot serve still breaks it", () => {
    expect(classify(["responses", "tools"], v({ responses: "unsupported", tools: "unsupported" }))).toMatchObject({
      handling: "refuse",
      feature: "tools",
    });
  });
});
