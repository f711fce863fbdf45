import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ProviderKind } from "@/lib/providers/presets";
import { SIMULATOR_API_KEY, startSimulator, type RunningSimulator } from "@/lib/simulator";
import { UpstreamError } from "./errors";
import { type FetchedModel, fetchModels, fetchServerVersion, normaliseCapabilities } from "./models";

// A fixed secret, so reading the configuration never writes a secret file into the checkout.
process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.stop());

function provider(profile: string, kind: ProviderKind, apiKey: string | null = "key-abcdef") {
  return {
    kind,
    baseUrl: `${sim.url}/${profile}/v1`,
    apiKey,
    headers: {},
    timeoutMs: 5000,
    maxRetries: 0,
    proxyUrl: null,
  };
}

const byId = (models: FetchedModel[]) => Object.fromEntries(models.map((m) => [m.modelId, m]));
/** A complete capability list (Ollama's, LocalAI's) states every capability, present or not. */
const ALL = ["completion", "tools", "vision", "embedding", "thinking", "audio"];

describe("declared capabilities per server kind", () => {
  test("Ollama: /api/show per model (tools, vision, embedding) and /api/version", async () => {
    const { models, serverVersion } = await fetchModels(provider("ollama", "ollama"));
    expect(serverVersion).toBe("0.12.6");
    expect(byId(models)).toEqual({
      "llama3.1:8b": {
        modelId: "llama3.1:8b",
        type: "chat",
        declared: ["completion", "tools"],
        known: ALL,
        source: "ollama /api/show",
      },
      "llava:7b": {
        modelId: "llava:7b",
        type: "chat",
        declared: ["completion", "vision"],
        known: ALL,
        source: "ollama /api/show",
      },
      "gemma:2b": {
        modelId: "gemma:2b",
        type: "chat",
        declared: ["completion"],
        known: ALL,
        source: "ollama /api/show",
      },
      "nomic-embed-text:latest": {
        modelId: "nomic-embed-text:latest",
        type: "embedding",
        declared: ["embedding"],
        known: ALL,
        source: "ollama /api/show",
      },
    });
  });

  test("LM Studio: /api/v1/models (capabilities.vision, trained_for_tool_use, type embedding); no version endpoint", async () => {
    const { models, serverVersion } = await fetchModels(provider("lmstudio", "lmstudio"));
    expect(serverVersion).toBeUndefined();
    const m = byId(models);
    expect(m["qwen2.5-7b-instruct"]).toMatchObject({ type: "chat", declared: ["completion", "tools"] });
    expect(m["google/gemma-3-4b"]).toMatchObject({ type: "chat", declared: ["completion", "vision"] });
    expect(m["text-embedding-nomic-embed-text-v1.5"]).toMatchObject({
      type: "embedding",
      declared: ["embedding"],
      source: "lmstudio /api/v1/models",
    });
  });

  test("llama.cpp b4748: /props without modalities says nothing about vision (no 'no'), build info as version", async () => {
    const { models, serverVersion } = await fetchModels(provider("llamacpp", "llamacpp"));
    expect(serverVersion).toBe("b4748-unknown");
    expect(models).toEqual([
      {
        modelId: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
        type: "chat",
        declared: ["completion"],
        // No modalities (before libmtmd) and no chat_template_caps: only completion is stated.
        known: ["completion"],
        source: "llamacpp /props",
      },
    ]);
  });

  test("LocalAI: /v1/models/capabilities words, /version", async () => {
    const { models, serverVersion } = await fetchModels(provider("localai", "localai"));
    expect(serverVersion).toBe("v4.9.0");
    const m = byId(models);
    expect(m["qwen3-4b"]).toMatchObject({ type: "chat", declared: ["completion", "tools"] });
    expect(m["minicpm-v-4_5"]).toMatchObject({ type: "chat", declared: ["completion", "vision"] });
    expect(m["granite-embedding-107m-multilingual"]).toMatchObject({
      type: "embedding",
      declared: ["embedding"],
      source: "localai /v1/models/capabilities",
    });
  });

  test("vLLM and OpenAI declare nothing: declared null, type guessed from the id; vLLM's /version", async () => {
    const vllm = await fetchModels(provider("vllm", "vllm"));
    expect(vllm).toEqual({
      models: [{ modelId: "Qwen/Qwen2.5-VL-7B-Instruct", type: "chat", declared: null, known: null, source: null }],
      serverVersion: "0.11.0",
    });
    const openai = byId((await fetchModels(provider("openai", "openai"))).models);
    expect(openai["gpt-4o-mini"]).toEqual({
      modelId: "gpt-4o-mini",
      type: "chat",
      declared: null,
      known: null,
      source: null,
    });
    expect(openai["text-embedding-3-small"]?.type).toBe("embedding");
  });

  test("a server whose declaration endpoints fail still lists its models (declared null)", async () => {
    // The vLLM profile has none of Ollama's endpoints: /api/show and /api/tags answer 404.
    const { models, serverVersion } = await fetchModels(provider("vllm", "ollama"));
    expect(models).toEqual([
      { modelId: "Qwen/Qwen2.5-VL-7B-Instruct", type: "chat", declared: null, known: null, source: null },
    ]);
    expect(serverVersion).toBeUndefined();
  });
});

describe("failures are typed and carry the server's status and message", () => {
  test("+auth without the key → http 401; with it → the list", async () => {
    const err = await fetchModels(provider("ollama+auth", "ollama", "wrong-key-0123456789")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ kind: "http", status: 401 });
    expect((err as Error).message).toContain("Incorrect API key provided");
    expect((err as Error).message).not.toContain("wrong-key-0123456789");
    const ok = await fetchModels(provider("ollama+auth", "ollama", SIMULATOR_API_KEY));
    expect(ok.models).toHaveLength(4);
  });

  test("a closed port → refused; a path without /v1 → http 404", async () => {
    const s = net.createServer();
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise((resolve) => s.close(resolve));
    const refused = { ...provider("ollama", "ollama"), baseUrl: `http://127.0.0.1:${port}/v1` };
    await expect(fetchModels(refused)).rejects.toMatchObject({ kind: "refused" });
    const noV1 = { ...provider("ollama", "ollama"), baseUrl: `${sim.url}/ollama` };
    await expect(fetchModels(noV1)).rejects.toMatchObject({ kind: "http", status: 404 });
  });

  test("a version endpoint that does not answer leaves the version undefined", async () => {
    expect(await fetchServerVersion(provider("lmstudio", "ollama"))).toBeUndefined();
    expect(await fetchServerVersion(provider("ollama", "ollama"))).toBe("0.12.6");
  });
});

test("normaliseCapabilities maps each server's words onto the vocabulary, in order, without unknowns", () => {
  expect(normaliseCapabilities(["tools", "completion", "insert"])).toEqual(["completion", "tools"]);
  expect(normaliseCapabilities(["chat", "completion", "embeddings", "Vision"])).toEqual([
    "completion",
    "vision",
    "embedding",
  ]);
  expect(normaliseCapabilities(["llm", "trained_for_tool_use", "reasoning"])).toEqual([
    "completion",
    "tools",
    "thinking",
  ]);
  expect(normaliseCapabilities(["vlm", "audio"])).toEqual(["vision", "audio"]);
  expect(normaliseCapabilities([])).toEqual([]);
});
