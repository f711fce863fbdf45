/**
 * Fault modes never look like refusals or support: every probe against a faulty provider
 * is `error`, and a hanging provider's run ends within its timeouts.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { PROBES } from "./registry";
import { runProbes } from "./runner";
import { profileModels, simulatorTarget } from "./test-support";

let sim: RunningSimulator;
let alwaysFlaky: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  alwaysFlaky = await startSimulator({ faults: { flakyFailureRate: 1 } });
});
afterAll(async () => {
  await sim.stop();
  await alwaysFlaky.stop();
});

const FAULTS = ["cut", "malformed", "auth", "ratelimit"] as const;

/**
 * Requests these servers refuse outright (OpenAI: legacy completions on a chat model; Ollama:
 * an image for llama3.1, sent because the faulty /v1/models hid its declarations). The
 * simulator's `cut` and `malformed` damage answers, not refusals, which stay `unsupported`.
 */
const REFUSED: Record<string, string> = { openai: "completions", ollama: "vision" };

test.each(FAULTS.flatMap((fault) => ["openai", "ollama"].map((profile) => [profile, fault] as const)))(
  "%s+%s: every probe is error",
  async (profile, fault) => {
    const records = await runProbes({
      target: simulatorTarget(sim.url, `${profile}+${fault}`),
      model: profileModels(profile).chat,
      probes: PROBES.filter((p) => p.feature !== REFUSED[profile]),
    });
    expect(records).toHaveLength(PROBES.length - 1);
    for (const r of records) expect(r.verdict, `${r.feature}: ${r.reason}`).toBe("error");
    if (fault === "auth") expect(records[0]?.reason).toMatch(/authentication failed \(HTTP 401/);
    if (fault === "ratelimit") expect(records[0]?.reason).toMatch(/rate limited \(HTTP 429/);
  },
);

test("+flaky failing every request (500, HTML 502, 503): every probe is error", async () => {
  const records = await runProbes({
    target: simulatorTarget(alwaysFlaky.url, "llamacpp+flaky"),
    model: profileModels("llamacpp").chat,
    probes: PROBES.filter((p) => p.feature !== "embeddings"),
  });
  expect(new Set(records.map((r) => r.verdict))).toEqual(new Set(["error"]));
  const reasons = records.map((r) => r.reason).join("\n");
  expect(reasons).toMatch(/HTTP 500/);
  expect(reasons).toMatch(/HTTP 502: 502 Bad Gateway/);
  expect(reasons).toMatch(/HTTP 503/);
});

test("+flaky failing every other request: failures are error, never unsupported", async () => {
  const records = await runProbes({
    target: simulatorTarget(sim.url, "openai+flaky"),
    model: profileModels("openai").chat,
    probes: PROBES.filter((p) => p.feature !== "completions"),
  });
  expect(records.filter((r) => r.verdict === "error").length).toBeGreaterThan(0);
  for (const r of records) expect(["supported", "error"], `${r.feature}: ${r.reason}`).toContain(r.verdict);
});

test("+slow beyond the timeout is error (timed out), not unsupported", async () => {
  const records = await runProbes({
    target: simulatorTarget(sim.url, "vllm+slow", { timeoutMs: 100, concurrency: 32 }),
    model: profileModels("vllm").chat,
    probes: PROBES.filter((p) => p.feature !== "embeddings"),
  });
  for (const r of records) expect(r.verdict, `${r.feature}: ${r.reason}`).toBe("error");
  expect(records.map((r) => r.reason).join("\n")).toMatch(/timed out|did not finish within/);
});

test("+hang: the run ends within its timeouts, every probe error", async () => {
  const timeoutMs = 300;
  const started = performance.now();
  const records = await runProbes({
    target: simulatorTarget(sim.url, "localai+hang", { timeoutMs, concurrency: 32 }),
    model: profileModels("localai").chat,
    probes: PROBES,
  });
  const elapsed = performance.now() - started;
  // All at once: the longest deadline is the seed probe's three requests' worth.
  const longest = Math.max(...PROBES.map((p) => p.requests ?? 1)) * timeoutMs;
  expect(elapsed).toBeLessThan(longest + 1500);
  expect(records).toHaveLength(PROBES.length);
  for (const r of records) expect(r.verdict, `${r.feature}: ${r.reason}`).toBe("error");
});
