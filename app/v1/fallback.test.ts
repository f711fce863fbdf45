import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { type RunningSimulator, type SimulatorEvent, startSimulator } from "@/lib/simulator";
import { breakerState, resetBreakers } from "@/lib/server/calls/breaker";
import { getDb } from "@/lib/server/db";
import { flushGatewayLog } from "@/lib/server/gateway/log";
import { specDeviations } from "@/lib/server/probes/conformance";
import { startProbeRun } from "@/lib/server/probes/service";
import { createSimulatedProvider, profileModels } from "@/lib/server/probes/test-support";
import { updateProviderBodySchema } from "@/lib/schemas/providers";
import { getProvider, updateProvider } from "@/lib/server/providers/service";
import { type RunningGateway, addKey, addRoute, startGateway } from "@/lib/testing/gateway";
import { createTestDatabase } from "@/lib/testing/test-database";
import { stopTestBed } from "@/lib/testing/test-bed";

/**
 * Fallback, capability-aware routing and the circuit breaker at the gateway, through the
 * official SDK: every simulator fault mode behind a healthy fallback (the client gets the
 * fallback's answer) and alone (an OpenAI-shaped 5xx within the provider's timeout), before
 * and after the first byte of a stream.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
/** Faults strike before the first frame; +flaky always fails; +slow waits 3 s for its first token. */
let early: RunningSimulator;
/** Faults strike after three frames (content has been sent). */
let late: RunningSimulator;
let gw: RunningGateway;
let openai: OpenAI;
const ids: Record<string, string> = {};
const FAULTS = ["slow", "flaky", "hang", "cut", "malformed", "auth", "ratelimit"] as const;
const model = (path: string) => profileModels(path.split("+")[0]!).chat;

beforeAll(async () => {
  early = await startSimulator({
    seed: 5,
    faults: { faultAfterFrames: 0, flakyFailureRate: 1, slowFirstTokenMs: 3000, retryAfterSeconds: 1 },
  });
  late = await startSimulator({ seed: 6, faults: { faultAfterFrames: 3, slowFirstTokenMs: 100, slowPerTokenMs: 100 } });
  db = await createTestDatabase();
  ids.healthy = await createSimulatedProvider(late.url, "openai", { name: "Healthy" });
  for (const fault of FAULTS) {
    const path = `${fault === "auth" || fault === "ratelimit" ? "openai" : "ollama"}+${fault}`;
    ids[fault] = await createSimulatedProvider(early.url, path, { name: `Early ${fault}`, timeoutMs: 1000 });
    await addRoute(`with-${fault}`, [
      { providerId: ids[fault], model: model(path) },
      { providerId: ids.healthy, model: "gpt-4o-mini" },
    ]);
    await addRoute(`only-${fault}`, [{ providerId: ids[fault], model: model(path) }]);
  }
  for (const fault of ["cut", "malformed"]) {
    ids[`late-${fault}`] = await createSimulatedProvider(late.url, `ollama+${fault}`, { name: `Late ${fault}` });
    await addRoute(`late-${fault}`, [
      { providerId: ids[`late-${fault}`]!, model: "llama3.1:8b" },
      { providerId: ids.healthy, model: "gpt-4o-mini" },
    ]);
  }
  ids.slow = await createSimulatedProvider(late.url, "ollama+slow", { name: "Slow" });
  await addRoute("slow", [{ providerId: ids.slow, model: "llama3.1:8b" }]);
  const key = await addKey({ allowDirect: true });
  gw = await startGateway();
  openai = new OpenAI({ baseURL: gw.baseURL, apiKey: key.secret, maxRetries: 0 });
});

afterAll(() => stopTestBed({ gateway: gw, simulators: [early, late], db }));

beforeEach(() => resetBreakers());
afterEach(() => vi.useRealTimers());

const ask = [{ role: "user" as const, content: "Say something short" }];
/** A request that has not answered within this is hung (the slowest provider times out at 1 s, twice). */
const HUNG = () => ({ signal: AbortSignal.timeout(6000) });

async function streamText(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    expect(specDeviations("chunk", chunk)).toEqual([]);
    text += chunk.choices[0]?.delta.content ?? "";
  }
  return text;
}

describe("every fault behind a healthy fallback: the client gets the fallback's answer", () => {
  test.each(FAULTS)("+%s, not streamed", async (fault) => {
    const { data, response } = await openai.chat.completions
      .create({ model: `with-${fault}`, messages: ask }, HUNG())
      .withResponse();
    expect(specDeviations("chat", data)).toEqual([]);
    expect(response.headers.get("x-switchyard-target")).toBe("Healthy/gpt-4o-mini");
    expect(response.headers.get("x-switchyard-fallbacks")).toMatch(new RegExp(`^Early ${fault}/`));
  });

  test.each(FAULTS)("+%s, streamed (before the first byte)", async (fault) => {
    const { data: stream, response } = await openai.chat.completions
      .create({ model: `with-${fault}`, messages: ask, stream: true }, HUNG())
      .withResponse();
    expect(response.headers.get("x-switchyard-target")).toBe("Healthy/gpt-4o-mini");
    expect(response.headers.get("x-switchyard-fallbacks")).toMatch(new RegExp(`^Early ${fault}/\\S+: [a-z]`));
    expect((await streamText(stream)).length).toBeGreaterThan(0);
  });
});

describe("every fault alone: an OpenAI-shaped 5xx within the provider's timeout", () => {
  const expected: Record<(typeof FAULTS)[number], number> = {
    slow: 504,
    flaky: 502,
    hang: 504,
    cut: 502,
    malformed: 502,
    auth: 502,
    ratelimit: 503,
  };
  test.each(FAULTS)("+%s, streamed and not", async (fault) => {
    for (const stream of [false, true]) {
      resetBreakers();
      const err = await openai.chat.completions.create({ model: `only-${fault}`, messages: ask, stream }, HUNG()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, `${fault} stream=${stream}`).toBeInstanceOf(OpenAI.APIError);
      const apiError = err as InstanceType<typeof OpenAI.APIError>;
      // +flaky cycles through 500, 502 and 503: a 503 upstream is "unavailable" (503) here too.
      const allowed = fault === "flaky" ? [502, 503] : [expected[fault]];
      expect(allowed, `${fault} stream=${stream}: ${apiError.message}`).toContain(apiError.status);
      expect(specDeviations("error", { error: apiError.error })).toEqual([]);
      expect(apiError.message).toMatch(new RegExp(`Early ${fault}`));
    }
  });
});

describe("after the first byte", () => {
  test.each(["cut", "malformed"])(
    "+%s mid-stream ends with an error event the SDK raises, never a clean end",
    async (fault) => {
      const stream = await openai.chat.completions.create(
        { model: `late-${fault}`, messages: ask, stream: true },
        HUNG(),
      );
      let text = "";
      const err = await (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      })().then(
        () => null,
        (e: unknown) => e,
      );
      expect(text.length, "content arrived before the fault").toBeGreaterThan(0);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect((err as Error).message).toMatch(/Late/);
    },
  );

  test.each(["cut", "malformed"])("+%s, not streamed, falls back (nothing was sent yet)", async (fault) => {
    const { response } = await openai.chat.completions
      .create({ model: `late-${fault}`, messages: ask }, HUNG())
      .withResponse();
    expect(response.headers.get("x-switchyard-target")).toBe("Healthy/gpt-4o-mini");
  });
});

describe("capability-aware routing", () => {
  const image = {
    role: "user" as const,
    content: [
      { type: "text" as const, text: "What colour is this?" },
      {
        type: "image_url" as const,
        image_url: {
          url: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
        },
      },
    ],
  };

  test("a target whose verdict says it cannot see images is skipped with that reason; none left: 400 naming the feature", async () => {
    const blind = await createSimulatedProvider(late.url, "llamacpp", { name: "Blind" });
    const blindModel = model("llamacpp");
    const run = await startProbeRun({
      providerId: blind,
      model: blindModel,
      features: ["vision"],
      trigger: "api",
      createdById: null,
    });
    const finished = await run.finished;
    const verdict = await getDb().probeResult.findFirstOrThrow({ where: { runId: finished.id, feature: "vision" } });
    expect(verdict.verdict).toBe("unsupported");
    await addRoute("see", [
      { providerId: blind, model: blindModel },
      { providerId: ids.healthy!, model: "gpt-4o" },
    ]);
    await addRoute("see-blind", [{ providerId: blind, model: blindModel }]);
    const before = late.simulator.events.stats.requests;
    const { response } = await openai.chat.completions.create({ model: "see", messages: [image] }).withResponse();
    expect(response.headers.get("x-switchyard-target")).toBe("Healthy/gpt-4o");
    expect(response.headers.get("x-switchyard-fallbacks")).toMatch(/^Blind\/.*: vision: unsupported/);
    expect(late.simulator.events.stats.requests - before, "the blind target was not called").toBe(1);

    const err = await openai.chat.completions
      .create({ model: "see-blind", messages: [image] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("messages");
    expect((err as Error).message).toMatch(/vision/);
    expect((err as Error).message).toMatch(/Blind/);
  });

  test("a refusal with no verdict yet moves on with 'refused: <feature>', and never opens the breaker", async () => {
    const unprobed = await createSimulatedProvider(late.url, "llamacpp", { name: "Unprobed" });
    const m = model("llamacpp");
    await addRoute("see-unprobed", [
      { providerId: unprobed, model: m },
      { providerId: ids.healthy!, model: "gpt-4o" },
    ]);
    for (let i = 0; i < 4; i++) {
      const { response } = await openai.chat.completions
        .create({ model: "see-unprobed", messages: [image] })
        .withResponse();
      expect(response.headers.get("x-switchyard-target")).toBe("Healthy/gpt-4o");
      expect(response.headers.get("x-switchyard-fallbacks")).toMatch(/^Unprobed\/.*: refused: vision/);
    }
    expect(breakerState(unprobed, m).state).toBe("closed");
  });
});

describe("the circuit breaker", () => {
  const requestsTo = (sim: RunningSimulator, profile: string) =>
    sim.simulator.events
      .recent()
      .filter((e): e is Extract<SimulatorEvent, { type: "request" }> => e.type === "request" && e.profile === profile)
      .length;

  test("opens after 3 outages, skips the target, lets one trial through after the cooldown, closes on success", async () => {
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const flaky = await createSimulatedProvider(early.url, "vllm", {
      name: "Recovering",
      headers: [{ name: "x-simulator-fault", value: "flaky" }],
    });
    const m = model("vllm");
    await addRoute("recovering", [
      { providerId: flaky, model: m },
      { providerId: ids.healthy!, model: "gpt-4o-mini" },
    ]);
    await addRoute("recovering-alone", [{ providerId: flaky, model: m }]);
    const calls = () => requestsTo(early, "vllm");
    const start = calls();
    for (let i = 0; i < 3; i++) await openai.chat.completions.create({ model: "recovering", messages: ask });
    expect(calls() - start).toBe(3);
    expect(breakerState(flaky, m).state).toBe("open");

    const { response } = await openai.chat.completions.create({ model: "recovering", messages: ask }).withResponse();
    expect(response.headers.get("x-switchyard-fallbacks")).toMatch(/circuit open/);
    expect(calls() - start, "an open target is not called").toBe(3);

    // Every target open: 503 with Retry-After.
    const open = await openai.chat.completions
      .create({ model: "recovering-alone", messages: ask })
      .catch((e: unknown) => e);
    expect(open).toBeInstanceOf(OpenAI.APIError);
    expect((open as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((open as InstanceType<typeof OpenAI.APIError>).code).toBe("circuit_open");
    const retryAfter = Number((open as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after"));
    expect(retryAfter, "the breaker's 30 s cooldown").toBeGreaterThanOrEqual(29);
    // Embeddings and legacy completions on the same target are told the same wait.
    await addRoute("recovering-embed", [{ providerId: flaky, model: m }]);
    const openEmbed = await openai.embeddings
      .create({ model: "recovering-embed", input: "x" })
      .catch((e: unknown) => e);
    expect((openEmbed as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((openEmbed as InstanceType<typeof OpenAI.APIError>).code).toBe("circuit_open");
    expect(Number((openEmbed as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after"))).toBe(retryAfter);

    // Half-open after 30 s: one trial, which fails: open again, now for 60 s.
    vi.setSystemTime(Date.now() + 31_000);
    await openai.chat.completions.create({ model: "recovering", messages: ask });
    expect(calls() - start).toBe(4);
    vi.setSystemTime(Date.now() + 31_000);
    await openai.chat.completions.create({ model: "recovering", messages: ask });
    expect(calls() - start, "the doubled cooldown is not over").toBe(4);

    // The provider recovers; after the cooldown the trial succeeds and the breaker closes.
    const p = await getProvider(flaky);
    await updateProvider(
      flaky,
      updateProviderBodySchema.parse({
        name: p.name,
        kind: p.kind,
        baseUrl: p.baseUrl,
        defaultModel: m,
        timeoutMs: 5000,
        maxRetries: 0,
        concurrency: 4,
        environments: ["development"],
        headers: [],
        version: p.version,
      }),
    );
    vi.setSystemTime(Date.now() + 31_000);
    const trial = await openai.chat.completions.create({ model: "recovering", messages: ask }).withResponse();
    expect(trial.response.headers.get("x-switchyard-target")).toBe(`Recovering/${m}`);
    expect(breakerState(flaky, m).state).toBe("closed");
  });
});

test("a client that goes away aborts the upstream call at once, and the log says so", async () => {
  const controller = new AbortController();
  const stream = await openai.chat.completions.create(
    { model: "slow", messages: ask, stream: true, max_tokens: 200 },
    { signal: controller.signal },
  );
  const aborted = late.simulator.events.waitFor((e) => e.type === "aborted", 3000);
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) break; // leaving the loop cancels the response body
  }
  controller.abort();
  const event = (await aborted) as Extract<SimulatorEvent, { type: "aborted" }>;
  expect(event.stage).toBe("streaming");
  await expect
    .poll(async () => {
      await flushGatewayLog();
      return (await getDb().requestLog.findFirst({ where: { route: "slow" }, orderBy: { createdAt: "desc" } }))?.status;
    })
    .toBe("aborted");
});
