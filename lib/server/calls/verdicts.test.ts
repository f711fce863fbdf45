import { afterAll, beforeAll, expect, test } from "vitest";
import { getDb } from "@/lib/server/db";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { createTestDatabase } from "@/lib/testing/test-database";
import { invalidateVerdicts, latestVerdicts } from "./verdicts";

/** The verdicts the engine plans with, read from a real database the way probe runs store them. */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let providerId: string;
const now = Date.now();

async function storeRun(model: string, list: Record<string, string>, minutesAgo: number) {
  const at = new Date(now - minutesAgo * 60_000);
  const run = await getDb().probeRun.create({
    data: {
      providerId,
      model,
      trigger: "manual",
      status: "completed",
      features: Object.keys(list),
      appVersion: "test",
      startedAt: at,
      finishedAt: at,
    },
  });
  await getDb().probeResult.createMany({
    data: Object.entries(list).map(([feature, verdict]) => ({
      runId: run.id,
      providerId,
      model,
      feature,
      verdict,
      reason: `${feature} is ${verdict} (${minutesAgo} min ago)`,
      latencyMs: 10,
      evidence: {},
      flags: feature === "tools" ? ["requires:tool_description"] : [],
      createdAt: at,
    })),
  });
  invalidateVerdicts(providerId, model);
}

beforeAll(async () => {
  db = await createTestDatabase();
  providerId = await createSimulatedProvider("http://127.0.0.1:9", "llamacpp", { name: "Verdicts" });
});
afterAll(() => db.drop());

test("never probed: no verdicts", async () => {
  expect((await latestVerdicts(providerId, "never")).size).toBe(0);
});

test("the newest result of each feature wins; error and skipped say nothing", async () => {
  await storeRun("m1", { streaming: "unsupported", tools: "partial", json_mode: "supported" }, 30);
  await storeRun("m1", { streaming: "supported", json_mode: "error" }, 20);
  const v = await latestVerdicts(providerId, "m1");
  expect(v.get("streaming")).toMatchObject({ verdict: "supported", reason: "streaming is supported (20 min ago)" });
  expect(v.get("tools")).toMatchObject({ verdict: "partial", flags: ["requires:tool_description"] });
  // The newest json_mode result is an error: no conclusion, so the engine sends it natively.
  expect(v.has("json_mode")).toBe(false);
});

test("a feature re-probed alone three times keeps the other features' verdicts (as the matrix does)", async () => {
  await storeRun("m2", { json_mode: "unsupported", structured_output: "partial", streaming: "supported" }, 60);
  for (const minutesAgo of [30, 20, 10]) await storeRun("m2", { streaming: "supported" }, minutesAgo);
  const v = await latestVerdicts(providerId, "m2");
  expect(v.get("json_mode")?.verdict).toBe("unsupported");
  expect(v.get("structured_output")?.verdict).toBe("partial");
  expect(v.get("streaming")?.reason).toBe("streaming is supported (10 min ago)");
});
