import { afterAll, beforeAll, expect, test } from "vitest";
import { getDb } from "@/lib/server/db";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { createTestDatabase } from "@/lib/testing/test-database";
import { BATCH, countProbeActivity } from "./probe-activity";

/** What /metrics adds to its probe counters: finished runs, and verdicts that changed since the run before. */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let providerId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  providerId = await createSimulatedProvider("http://127.0.0.1:1", "ollama");
});
afterAll(async () => {
  await getDb().$disconnect();
  await db.drop();
});

const run = (model: string, at: number) => ({
  providerId,
  model,
  trigger: "api",
  status: "completed",
  features: ["tools"],
  appVersion: "test",
  startedAt: new Date(at),
  finishedAt: new Date(at + 1000),
});

test("a run whose verdict went from supported to unsupported counts as a regression", async () => {
  const t = Date.UTC(2026, 0, 1);
  const before = await getDb().probeRun.create({ data: run("m1", t) });
  const after = await getDb().probeRun.create({ data: run("m1", t + 60_000) });
  const result = (runId: string, verdict: string) => ({
    runId,
    providerId,
    model: "m1",
    feature: "tools",
    verdict,
    reason: "r",
    latencyMs: 1,
    evidence: {},
  });
  await getDb().probeResult.createMany({ data: [result(before.id, "supported"), result(after.id, "unsupported")] });
  const activity = await countProbeActivity(new Date(t - 1));
  expect(activity.runs).toEqual([{ trigger: "api", status: "completed", count: 2 }]);
  expect(activity.changes).toEqual([{ feature: "tools", kind: "regression", count: 1 }]);
});

test("more runs than one batch: the next read goes on where the first stopped, none lost", async () => {
  const t = Date.UTC(2026, 1, 1);
  await getDb().probeRun.createMany({ data: Array.from({ length: BATCH + 5 }, (_, i) => run("m2", t + i * 1000)) });
  const first = await countProbeActivity(new Date(t - 1));
  const second = await countProbeActivity(first.until);
  const counted = (a: typeof first) => a.runs.reduce((sum, r) => sum + r.count, 0);
  expect(counted(first)).toBe(BATCH);
  expect(counted(second)).toBe(5);
}, 60_000);

test("runs that finished at the same moment as a batch's last one are counted by the next read, none lost", async () => {
  const t = Date.UTC(2026, 2, 1);
  // Runs BATCH-3 … BATCH+1 finish at one moment, across the batch's end.
  const at = (i: number) => t + (i >= BATCH - 3 && i <= BATCH + 1 ? BATCH - 3 : i) * 1000;
  await getDb().probeRun.createMany({ data: Array.from({ length: BATCH + 5 }, (_, i) => run("m3", at(i))) });
  const first = await countProbeActivity(new Date(t - 1));
  const second = await countProbeActivity(first.until);
  const counted = (a: typeof first) => a.runs.reduce((sum, r) => sum + r.count, 0);
  expect(counted(first)).toBe(BATCH - 3);
  expect(counted(first) + counted(second)).toBe(BATCH + 5);
}, 60_000);
