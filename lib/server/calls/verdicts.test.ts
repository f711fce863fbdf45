import { afterAll, beforeAll, expect, test } from "vitest";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { storeProbeRun } from "@/lib/testing/probe-runs";
import { createTestDatabase } from "@/lib/testing/test-database";
import { latestVerdicts } from "./verdicts";

/** The verdicts the engine plans with, read from a real database the way probe runs store them. */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let providerId: string;

const storeRun = (model: string, list: Record<string, string>, minutesAgo: number) =>
  storeProbeRun(providerId, model, list, { minutesAgo, flags: { tools: ["requires:tool_description"] } });

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
  expect(v.get("streaming")).toMatchObject({ verdict: "supported", reason: "streaming is supported here" });
  expect(v.get("tools")).toMatchObject({ verdict: "partial", flags: ["requires:tool_description"] });
  // The newest json_mode result is an error: no conclusion, so the engine sends it natively.
  expect(v.has("json_mode")).toBe(false);
});

test("a feature re-probed alone three times keeps the other features' verdicts (as the matrix does)", async () => {
  await storeRun("m2", { json_mode: "unsupported", structured_output: "partial", streaming: "partial" }, 60);
  for (const minutesAgo of [30, 20, 10]) await storeRun("m2", { streaming: "supported" }, minutesAgo);
  const v = await latestVerdicts(providerId, "m2");
  expect(v.get("json_mode")?.verdict).toBe("unsupported");
  expect(v.get("structured_output")?.verdict).toBe("partial");
  expect(v.get("streaming")?.verdict).toBe("supported");
});
