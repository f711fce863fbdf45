/**
 * Every probe against every simulator profile, asserting the verdict shared/QUIRKS.md
 * predicts (the simulator follows QUIRKS.md; lib/simulator/profiles.test.ts checks that).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Verdict } from "@/lib/schemas/probes";
import { PROFILES, type RunningSimulator, startSimulator } from "@/lib/simulator";
import { FEATURES, PROBES, selectProbes } from "./registry";
import { type ProbeRecord, runProbes } from "./runner";
import { PLANTED_HEADER, PLANTED_KEY, profileModels, simulatorProvider } from "./test-support";

const V: Record<string, Verdict> = { S: "supported", P: "partial", U: "unsupported", E: "error", K: "skipped" };

/**
 * Rows: features; columns: openai ollama lmstudio vllm vllm-no-auto-tools localai llamacpp.
 * S supported, P partial, U unsupported, K skipped. The model is each profile's first chat model.
 */
const TABLE = `
models              S S S S S S S
chat                S S S S S S S
streaming           S S S S S S S
stream_usage        S S S S S S S
completions         U S S S S S S
json_mode           S S U S S S S
structured_output   S S S S S P P
tools               S S S S U S S
tool_choice         S P P S S S P
parallel_tool_calls S P S P P S S
tools_streaming     S S S S S P U
vision              S K K S S K U
embeddings          S S S K K S K
logprobs            S P S S S S S
stop                S S S S S S S
max_tokens          S S S S S S S
seed                S S S S S S S
n                   S P S S S S U
responses           S U S S S U U
responses_streaming S U S S S U U
responses_tools     S U S S S U U
`;
const COLUMNS = ["openai", "ollama", "lmstudio", "vllm", "vllm-no-auto-tools", "localai", "llamacpp"];
const EXPECTED = new Map(
  TABLE.trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .map(([feature, ...cells]) => [feature ?? "", cells.map((c) => V[c] ?? "error")]),
);

let sim: RunningSimulator;
const runs = new Map<string, ProbeRecord[]>();

beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
  await Promise.all(
    COLUMNS.map(async (profile) => {
      const { records } = await runProbes({
        provider: simulatorProvider(sim.url, profile),
        model: profileModels(profile).chat,
        probes: PROBES,
      });
      runs.set(profile, records);
    }),
  );
});
afterAll(() => sim.stop());

test("the table covers every registered feature", () => {
  expect([...EXPECTED.keys()].sort()).toEqual([...FEATURES].sort());
});

for (const [column, profile] of COLUMNS.entries()) {
  describe(`profile ${profile}`, () => {
    test.each([...EXPECTED.entries()].map(([feature, cells]) => [feature, cells[column]] as const))(
      "%s → %s",
      (feature, verdict) => {
        const record = runs.get(profile)?.find((r) => r.feature === feature);
        expect(record, `${feature} was not reported`).toBeDefined();
        expect(record?.verdict, `${feature}: ${record?.reason}`).toBe(verdict);
        expect(record?.reason.length).toBeGreaterThan(10);
      },
    );
  });
}

test("refusals carry the server's own message; a 500 naming the field is unsupported (llama.cpp)", () => {
  const find = (profile: string, feature: string) => runs.get(profile)?.find((r) => r.feature === feature);
  expect(find("lmstudio", "json_mode")?.reason).toMatch(/HTTP 400.*'response_format.type' must be 'json_schema'/);
  // Recognised by comparison with the plain chat, not by the field's name in the message (b4748).
  expect(find("llamacpp", "n")?.reason).toBe(
    "HTTP 500 only when `n: 2` is sent: Only one completion choice is allowed",
  );
  expect(find("llamacpp", "vision")?.reason).toMatch(
    /^HTTP 500 only when an `image_url` content part is sent: Failed to parse messages: Unsupported content part type: "image_url"/,
  );
  // llama.cpp drops json_schema in this build but enforces its own json_object + schema form.
  expect(find("llamacpp", "structured_output")).toMatchObject({ flags: ["native:json_object_schema"] });
  expect(find("llamacpp", "structured_output")?.reason).toMatch(
    /Native alternative works: response_format \{type: "json_object", schema\}/,
  );
  // A tool without description (optional in the spec) is refused: recorded for the degradations.
  expect(find("llamacpp", "tools")?.flags).toContain("requires:tool_description");
  expect(find("ollama", "tools")?.flags).toEqual([]);
  expect(find("llamacpp", "tools_streaming")?.reason).toMatch(/HTTP 500.*Cannot use tools with stream/);
  expect(find("vllm-no-auto-tools", "tools")?.reason).toMatch(/enable-auto-tool-choice/);
  expect(find("ollama", "tool_choice")?.reason).toMatch(/required: ignored.*named function: ignored/);
  expect(find("lmstudio", "tool_choice")?.reason).toMatch(/required: honoured.*named function: refused/);
  expect(find("localai", "tools_streaming")?.reason).toMatch(/streamed text "\{\\""/);
});

test("evidence: request and response excerpts, latency, TTFT for streams, no secrets, images truncated", () => {
  const all = [...runs.values()].flat();
  const json = JSON.stringify(all);
  expect(json).not.toContain(PLANTED_KEY);
  expect(json).not.toContain(PLANTED_HEADER);
  const chat = runs.get("openai")?.find((r) => r.feature === "chat");
  expect(chat?.evidence.exchanges[0]).toMatchObject({
    request: { method: "POST", path: "/chat/completions", body: { model: "gpt-4o-mini" } },
    response: { status: 200, excerpt: expect.stringContaining("chat.completion") },
  });
  expect(chat?.latencyMs).toBeGreaterThanOrEqual(0);
  const streaming = runs.get("ollama")?.find((r) => r.feature === "streaming");
  expect(streaming?.ttftMs).toEqual(expect.any(Number));
  expect(streaming?.evidence.exchanges[0]?.response?.excerpt).toContain("data:");
  const vision = JSON.stringify(runs.get("openai")?.find((r) => r.feature === "vision")?.evidence);
  expect(vision).toMatch(/data:image\/png;base64,\w+… \(\d+ chars\)/);
  const embeddings = runs.get("ollama")?.find((r) => r.feature === "embeddings");
  expect(embeddings?.evidence.model).toBe("nomic-embed-text:latest");
});

test("declared vs observed: only what a server stated can disagree; an absent key is no statement", () => {
  // llama.cpp's /props has no chat_template_caps: it says nothing about tools, so no flag.
  const tools = runs.get("llamacpp")?.find((r) => r.feature === "tools");
  expect(tools).toMatchObject({ verdict: "supported", declared: null, disagreement: null });
  const ollamaTools = runs.get("ollama")?.find((r) => r.feature === "tools");
  expect(ollamaTools).toMatchObject({ declared: true, disagreement: null });
  // OpenAI declares nothing: no comparison.
  expect(runs.get("openai")?.find((r) => r.feature === "tools")?.declared).toBeNull();
});

test("OpenAI: completions work with a completion model; o3-mini refuses max_tokens", async () => {
  const target = simulatorProvider(sim.url, "openai");
  const {
    records: [completions],
  } = await runProbes({
    provider: target,
    model: "gpt-3.5-turbo-instruct",
    probes: selectProbes(["completions"]),
  });
  expect(completions?.verdict).toBe("supported");
  const {
    records: [maxTokens],
  } = await runProbes({ provider: target, model: "o3-mini", probes: selectProbes(["max_tokens"]) });
  expect(maxTokens?.verdict).toBe("unsupported");
  expect(maxTokens?.reason).toMatch(/Use 'max_completion_tokens' instead/);
});

test("an unknown model is an error (model not found), not unsupported", async () => {
  const { records } = await runProbes({
    provider: simulatorProvider(sim.url, "ollama"),
    model: "no-such-model",
    probes: selectProbes(["chat", "json_mode"]),
  });
  expect(records.map((r) => r.verdict)).toEqual(["error", "error"]);
  expect(records[0]?.reason).toMatch(/does not serve this model/);
});

test("unknown features are refused with the list of known ones", () => {
  expect(() => selectProbes(["json_mode", "telepathy"])).toThrow(
    /Unknown feature\(s\): telepathy\. Known features: models, chat/,
  );
});

test("server variants: --embeddings (chat refused once, at row level), no --jinja, a base model without a chat template, loading", async () => {
  const run = (path: string, features?: string[]) => {
    const spec = PROFILES.find((p) => p.name === path.split("+")[0]);
    // A server started with --embeddings serves one embedding model: it is the run's model.
    const model = spec?.models.find((m) => m.kind === "chat")?.id ?? spec?.models[0]?.id ?? "";
    return runProbes({
      provider: simulatorProvider(sim.url, path, {
        embeddingModel: spec?.models.find((m) => m.kind === "embedding")?.id ?? null,
      }),
      model,
      probes: features ? selectProbes(features) : PROBES,
    });
  };
  const embeddingsOnly = await run("llamacpp-embeddings");
  expect(embeddingsOnly.blocker).toEqual({
    kind: "chat_refused",
    reason: "chat is refused: HTTP 501: This server does not support completions. Start it without `--embeddings`",
  });
  const verdicts = Object.fromEntries(embeddingsOnly.records.map((r) => [r.feature, r.verdict]));
  expect(verdicts).toMatchObject({ models: "supported", embeddings: "supported", chat: "skipped", n: "skipped" });
  expect(Object.values(verdicts).filter((v) => v === "skipped")).toHaveLength(PROBES.length - 3);

  const noJinja = await run("llamacpp-no-jinja", ["tools"]);
  expect(noJinja.records[0]).toMatchObject({
    verdict: "unsupported",
    reason: "HTTP 500 only when `tools` is sent: tools param requires --jinja flag",
  });

  const base = await run("vllm-base", ["chat", "completions"]);
  expect(base.blocker?.reason).toMatch(
    /^chat is refused: HTTP 400: As of transformers v4\.44, default chat template is no longer allowed/,
  );
  expect(Object.fromEntries(base.records.map((r) => [r.feature, r.verdict]))).toEqual({
    chat: "skipped",
    completions: "supported",
  });

  const loading = await run("llamacpp+loading", ["chat", "models"]);
  expect(loading.blocker).toEqual({
    kind: "chat_failing",
    reason: "the provider is not ready (HTTP 503: Loading model)",
  });
});
