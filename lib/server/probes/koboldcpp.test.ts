/**
 * Every probe against the KoboldCpp profile over real HTTP (the proof that a kind added through
 * `defineKind` works end to end): the verdicts its source predicts (lib/simulator/profiles/koboldcpp.ts),
 * its version and declarations read from `/api/extra/version`, and its capacity of one.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Verdict } from "@/lib/schemas/probes";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { fetchModels } from "../upstream/models";
import { readServerCapacity, readServerVersion } from "./facts";
import { FEATURES, PROBES } from "./registry";
import { type ProbeRecord, runProbes } from "./runner";
import { profileModels, simulatorProvider } from "./test-support";

const EXPECTED: Record<string, Verdict> = {
  models: "supported",
  chat: "supported",
  streaming: "supported",
  // `stream_options` is not read: no usage chunk.
  stream_usage: "partial",
  completions: "supported",
  // `response_format` becomes a grammar.
  json_mode: "supported",
  structured_output: "supported",
  // Tools are prompted and the call grammar-forced.
  tools: "supported",
  tool_choice: "supported",
  parallel_tool_calls: "partial",
  tools_streaming: "supported",
  vision: "supported",
  // No embeddings model is loaded, and the preset names none.
  embeddings: "skipped",
  logprobs: "supported",
  stop: "supported",
  max_tokens: "supported",
  seed: "supported",
  // `n` is not read: one choice.
  n: "partial",
  // 1.76 has no /v1/responses (the "oai-responses" API format came in 2026 builds): a 404.
  responses: "unsupported",
  responses_streaming: "unsupported",
  responses_tools: "unsupported",
};

let sim: RunningSimulator;
let records: ProbeRecord[] = [];
let capacity: number | null = null;
const target = () => simulatorProvider(sim.url, "koboldcpp");

beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
  // Four at once as configured: the runner must still send one at a time (KoboldCpp answers a
  // second concurrent generation with 503 "Server is busy").
  const run = await runProbes({ provider: target(), model: profileModels("koboldcpp").chat, probes: PROBES });
  records = run.records;
  capacity = run.capacity;
});
afterAll(() => sim.stop());

test("the expectations cover every registered feature", () => {
  expect(Object.keys(EXPECTED).sort()).toEqual([...FEATURES].sort());
});

test.each(Object.entries(EXPECTED))("KoboldCpp: %s → %s", (feature, verdict) => {
  const record = records.find((r) => r.feature === feature);
  expect(record, `${feature} was not reported`).toBeDefined();
  expect(record?.verdict, `${feature}: ${record?.reason}`).toBe(verdict);
});

test("the run used KoboldCpp's capacity of one request at a time, so no probe met its busy answer", () => {
  expect(capacity).toBe(1);
  expect(records.filter((r) => /busy/i.test(r.reason))).toEqual([]);
});

test("the version and the declared capabilities come from GET /api/extra/version", async () => {
  expect(await readServerVersion(target())).toBe("1.76");
  expect(await readServerCapacity(target())).toBe(1);
  const { models, serverVersion } = await fetchModels(target());
  expect(serverVersion).toBe("1.76");
  expect(models).toEqual([
    {
      modelId: "koboldcpp/gemma-3-4b-it-Q4_K_M",
      type: "chat",
      declared: ["completion", "vision"],
      known: ["completion", "vision"],
      source: "koboldcpp /api/extra/version",
    },
  ]);
});
