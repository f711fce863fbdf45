/**
 * Fault modes never look like refusals or support: every probe against a faulty provider
 * is `error`, and a hanging provider's run ends within its timeouts.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { PROBES } from "./registry";
import { runProbes } from "./runner";
import { profileModels, simulatorProvider } from "./test-support";

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
    const { records, blocker } = await runProbes({
      provider: simulatorProvider(sim.url, `${profile}+${fault}`),
      model: profileModels(profile).chat,
      probes: PROBES.filter((p) => p.feature !== REFUSED[profile]),
    });
    expect(records).toHaveLength(PROBES.length - 1);
    for (const r of records) expect(r.verdict, `${r.feature}: ${r.reason}`).toBe("error");
    if (fault === "auth") {
      expect(blocker?.kind).toBe("auth");
      expect(records[0]?.reason).toMatch(/refused the credentials \(HTTP 401/);
    }
    if (fault === "ratelimit") expect(records[0]?.reason).toMatch(/rate limited \(HTTP 429/);
  },
);

test("+flaky failing every request (500, HTML 502, 503): every probe is error, the row says chat fails", async () => {
  const { records, blocker } = await runProbes({
    provider: simulatorProvider(alwaysFlaky.url, "llamacpp+flaky"),
    model: profileModels("llamacpp").chat,
    probes: PROBES.filter((p) => p.feature !== "embeddings"),
  });
  expect(blocker?.kind).toBe("chat_failing");
  expect(new Set(records.map((r) => r.verdict))).toEqual(new Set(["error"]));
  const reasons = [blocker?.reason, ...records.map((r) => r.reason)].join("\n");
  expect(reasons).toMatch(/HTTP 50[023]/);
});

test("+flaky failing every other request: the retry answers, so failures are never refusals", async () => {
  // One at a time: the simulator alternates per profile, so the retry of a failed request succeeds.
  const { records } = await runProbes({
    provider: simulatorProvider(sim.url, "openai+flaky", { concurrency: 1 }),
    model: profileModels("openai").chat,
    probes: PROBES.filter((p) => p.feature !== "completions"),
  });
  for (const r of records) expect(["supported", "error"], `${r.feature}: ${r.reason}`).toContain(r.verdict);
  expect(records.filter((r) => r.verdict === "supported").length).toBeGreaterThan(PROBES.length / 2);
});

test("+slow beyond the timeout: the provider is unreachable within one timeout, every feature skipped", async () => {
  const { records, blocker } = await runProbes({
    provider: simulatorProvider(sim.url, "vllm+slow", { timeoutMs: 100, concurrency: 32 }),
    model: profileModels("vllm").chat,
    probes: PROBES,
  });
  expect(blocker).toEqual({ kind: "unreachable", reason: "provider unreachable: no answer (no answer within 100 ms)" });
  for (const r of records) expect(r).toMatchObject({ verdict: "skipped", reason: blocker?.reason });
});

test("+hang: one baseline request, then the run ends — every feature skipped as unreachable", async () => {
  const before = sim.simulator.events.recent().filter((e) => e.type === "request").length;
  const { records, blocker } = await runProbes({
    provider: simulatorProvider(sim.url, "localai+hang", { timeoutMs: 300, concurrency: 32 }),
    model: profileModels("localai").chat,
    probes: PROBES,
  });
  expect(blocker?.kind).toBe("unreachable");
  expect(records).toHaveLength(PROBES.length);
  for (const r of records) expect(r.verdict, `${r.feature}: ${r.reason}`).toBe("skipped");
  // Only the baseline chat went out: no probe waited for its own timeout.
  const sent = sim.simulator.events
    .recent()
    .filter((e) => e.type === "request")
    .slice(before)
    .filter((e) => e.type === "request" && e.path === "/v1/chat/completions");
  expect(sent).toHaveLength(1);
});
