import { afterAll, beforeAll, expect, test } from "vitest";
import { getDb } from "@/lib/server/db";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { createTestDatabase } from "@/lib/testing/test-database";
import { pruneOnce } from "./retention";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await getDb().$disconnect();
  await db.drop();
});

const DAY = 24 * 3600_000;

test("request-log rows and stored responses past their retention go; newer ones stay", async () => {
  const now = Date.now();
  const row = (ageDays: number) => ({
    source: "gateway",
    environment: "development",
    model: "m",
    status: "ok",
    latencyMs: 1,
    degradations: [],
    fallbackPath: [],
    createdAt: new Date(now - ageDays * DAY),
  });
  await getDb().requestLog.createMany({ data: [row(31), row(45), row(29), row(0)] });
  const stored = (id: string, ageDays: number) => ({
    id,
    keyId: "k",
    items: "[]",
    createdAt: new Date(now - ageDays * DAY),
  });
  await getDb().gatewayResponse.createMany({ data: [stored("resp_old", 8), stored("resp_new", 6)] });
  const pruned = await pruneOnce({ requestLogDays: 30, probeRunsKept: 100, responsesDays: 7 }, now);
  expect(pruned.requestLogRows).toBe(2);
  expect(pruned.responses).toBe(1);
  expect((await getDb().gatewayResponse.findMany()).map((r) => r.id)).toEqual(["resp_new"]);
  const left = await getDb().requestLog.findMany({ select: { createdAt: true } });
  expect(left.every((r) => now - r.createdAt.getTime() < 30 * DAY)).toBe(true);
  expect(left).toHaveLength(2);
});

test("probe runs beyond the newest N per provider+model go with their results; a running one never", async () => {
  const providerId = await createSimulatedProvider("http://127.0.0.1:1", "ollama");
  const start = Date.now() - 100 * DAY;
  const make = async (model: string, i: number, status = "completed") => {
    const run = await getDb().probeRun.create({
      data: {
        providerId,
        model,
        trigger: "api",
        status,
        features: ["chat"],
        appVersion: "test",
        startedAt: new Date(start + i * DAY),
      },
    });
    await getDb().probeResult.create({
      data: {
        runId: run.id,
        providerId,
        model,
        feature: "chat",
        verdict: "supported",
        reason: "ok",
        evidence: {},
        latencyMs: 1,
      },
    });
    return run.id;
  };
  const oldRunning = await make("a", 0, "running");
  for (let i = 1; i <= 5; i++) await make("a", i);
  for (let i = 1; i <= 2; i++) await make("b", i);

  const pruned = await pruneOnce({ requestLogDays: 30, probeRunsKept: 3, responsesDays: 30 }, Date.now());
  expect(pruned.probeRuns).toBe(2);
  const runsOfA = await getDb().probeRun.findMany({ where: { model: "a" }, orderBy: { startedAt: "asc" } });
  expect(runsOfA.map((r) => r.id)).toContain(oldRunning);
  expect(runsOfA).toHaveLength(4);
  expect(await getDb().probeRun.count({ where: { model: "b" } })).toBe(2);
  expect(await getDb().probeResult.count({ where: { model: "a" } })).toBe(4);
});
