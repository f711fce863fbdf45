import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ProviderKind } from "@/lib/providers/presets";
import { SIMULATOR_API_KEY, startSimulator, type RunningSimulator } from "@/lib/simulator";
import type { UpstreamProvider } from "./client";
import { testConnection } from "./connection-test";

// A fixed secret, so reading the configuration never writes a secret file into the checkout.
process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

let sim: RunningSimulator;
let page: http.Server;
let pageUrl: string;
let closedPort: number;

/** A server answering every path with `routes[path]` (HTML pages, JSON that is not a model list…). */
async function listen(server: http.Server | net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  page = http.createServer((req, res) => {
    if (req.url?.startsWith("/html/")) {
      res
        .writeHead(200, { "content-type": "text/html" })
        .end("<!doctype html><html><title>Router admin</title></html>");
    } else if (req.url?.startsWith("/text/")) {
      res.writeHead(200, { "content-type": "text/plain" }).end("Ollama is running");
    } else {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    }
  });
  pageUrl = `http://127.0.0.1:${await listen(page)}`;
  const closed = net.createServer();
  closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  await sim.stop();
  page.closeAllConnections();
  await new Promise((resolve) => page.close(resolve));
});

function provider(baseUrl: string, overrides: Partial<UpstreamProvider & { kind: ProviderKind }> = {}) {
  return {
    kind: "ollama" as ProviderKind,
    baseUrl,
    apiKey: "ollama",
    headers: {},
    timeoutMs: 5000,
    maxRetries: 2,
    proxyUrl: null,
    ...overrides,
  };
}

describe("testConnection outcomes", () => {
  test("reachable: latency, model count and the server's version", async () => {
    const r = await testConnection(provider(`${sim.url}/ollama/v1`));
    expect(r).toMatchObject({ outcome: "reachable", status: 200, modelCount: 4, serverVersion: "0.12.6" });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.message).toContain("4 models");
  });

  test("reachable on every simulated server kind", async () => {
    const cases: [string, ProviderKind, number][] = [
      ["openai", "openai", 5],
      ["lmstudio", "lmstudio", 3],
      ["vllm", "vllm", 1],
      ["localai", "localai", 3],
      ["llamacpp", "llamacpp", 1],
    ];
    for (const [profile, kind, count] of cases) {
      const r = await testConnection(provider(`${sim.url}/${profile}/v1`, { kind }));
      expect(r, profile).toMatchObject({ outcome: "reachable", modelCount: count });
    }
  });

  test("+auth without the key → auth_failed with the server's message; with the key → reachable", async () => {
    const denied = await testConnection(provider(`${sim.url}/openai+auth/v1`, { kind: "openai", apiKey: null }));
    expect(denied).toMatchObject({ outcome: "auth_failed", status: 401 });
    // The SDK sends "no-key" when none is set, so the server complains about that key.
    expect(denied.message).toContain("Incorrect API key provided");
    expect(denied.message).toContain("no API key set");
    const wrong = await testConnection(
      provider(`${sim.url}/openai+auth/v1`, { kind: "openai", apiKey: "sk-wrong-key-123456" }),
    );
    expect(wrong).toMatchObject({ outcome: "auth_failed", status: 401 });
    expect(wrong.message).not.toContain("sk-wrong-key-123456");
    const ok = await testConnection(
      provider(`${sim.url}/openai+auth/v1`, { kind: "openai", apiKey: SIMULATOR_API_KEY }),
    );
    expect(ok).toMatchObject({ outcome: "reachable", modelCount: 5 });
  });

  test("+hang with a short timeout → timeout, without retrying", async () => {
    const r = await testConnection(provider(`${sim.url}/ollama+hang/v1`, { timeoutMs: 300, maxRetries: 3 }));
    expect(r.outcome).toBe("timeout");
    expect(r.message).toContain("did not answer within 300 ms");
    expect(r.latencyMs).toBeGreaterThanOrEqual(250);
  });

  test("a closed port → refused", async () => {
    const r = await testConnection(provider(`http://127.0.0.1:${closedPort}/v1`));
    expect(r.outcome).toBe("refused");
    expect(r.message).toContain(`127.0.0.1:${closedPort} refused the connection`);
  });

  test("a base URL without /v1 → not_compatible (404 on /models)", async () => {
    const r = await testConnection(provider(`${sim.url}/ollama`));
    expect(r).toMatchObject({ outcome: "not_compatible", status: 404 });
    expect(r.message).toContain("ending in /v1");
  });

  test("an HTML page, plain text, or JSON that is not a model list → not_compatible", async () => {
    for (const path of ["/html/v1", "/text/v1", "/json/v1"]) {
      const r = await testConnection(provider(`${pageUrl}${path}`));
      expect(r, path).toMatchObject({ outcome: "not_compatible", status: 200 });
    }
    expect((await testConnection(provider(`${pageUrl}/html/v1`))).message).toContain("HTML page");
  });

  test("https to a plain-http port → tls_error", async () => {
    const r = await testConnection(provider(`${sim.url.replace("http:", "https:")}/ollama/v1`));
    expect(r.outcome).toBe("tls_error");
    expect(r.message).toContain("use http:// instead of https://");
  });

  test("an unresolvable host → dns_error", async () => {
    const r = await testConnection(provider("http://switchyard-no-such-host.invalid:11434/v1"));
    expect(r.outcome).toBe("dns_error");
    expect(r.message).toContain("switchyard-no-such-host.invalid could not be resolved");
  });

  test("rate limits, outages and malformed bodies → error with the status, never not_compatible", async () => {
    const limited = await testConnection(provider(`${sim.url}/openai+ratelimit/v1`, { kind: "openai" }));
    expect(limited).toMatchObject({ outcome: "error", status: 429 });
    expect(limited.message).toContain("Rate limit reached");
    const malformed = await testConnection(provider(`${sim.url}/ollama+malformed/v1`));
    expect(malformed).toMatchObject({ outcome: "error", status: 200 });
    expect(malformed.message).toContain("malformed JSON");
    // +flaky fails every other request with 500/502/503; one of two tries is a 5xx.
    const flaky = [
      await testConnection(provider(`${sim.url}/vllm+flaky/v1`, { kind: "vllm" })),
      await testConnection(provider(`${sim.url}/vllm+flaky/v1`, { kind: "vllm" })),
    ];
    const failed = flaky.find((r) => r.outcome !== "reachable");
    expect(failed).toMatchObject({ outcome: "error" });
    expect(failed?.status).toBeGreaterThanOrEqual(500);
  });

  test("a link-local / metadata address is refused before connecting", async () => {
    const r = await testConnection(provider("http://169.254.169.254/v1", { timeoutMs: 5000 }));
    expect(r.outcome).toBe("error");
    expect(r.message).toContain("link-local and cloud-metadata addresses are blocked");
  });

  test("a caller's abort signal ends the test as cancelled", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await testConnection(provider(`${sim.url}/ollama+hang/v1`), { signal: controller.signal });
    expect(r.outcome).toBe("error");
    expect(r.message).toContain("cancelled");
  });
});

describe("the default and embedding models are checked against what the server lists", () => {
  test("Ollama's preset llama3.1 against a server listing llama3.1:8b: named, with the closest offered", async () => {
    const result = await testConnection({
      kind: "ollama",
      baseUrl: `${sim.url}/ollama/v1`,
      apiKey: "ollama",
      headers: {},
      timeoutMs: 5000,
      maxRetries: 0,
      proxyUrl: null,
      defaultModel: "llama3.1",
      embeddingModel: "nomic-embed-text",
    });
    expect(result.outcome).toBe("reachable");
    expect(result.modelChecks).toEqual([
      { field: "defaultModel", model: "llama3.1", served: false, closest: ["llama3.1:8b"] },
      // Ollama resolves a name without a tag to :latest, and so does the check.
      { field: "embeddingModel", model: "nomic-embed-text", served: true, closest: [] },
    ]);
    expect(result.message).toBe(
      "Connected; the server lists 4 models, but the default model llama3.1 is not among them (closest: llama3.1:8b).",
    );
  });
});

test("closestModels: the same name with another tag first, then names a few edits away", async () => {
  const { closestModels, isServed } = await import("./connection-test");
  expect(closestModels("llama3.1", ["gemma:2b", "llama3.1:8b", "llama3.1:70b", "llama3.2:3b"])).toEqual([
    "llama3.1:70b",
    "llama3.1:8b",
    "llama3.2:3b",
  ]);
  expect(closestModels("gpt-4o-mini", ["gpt-4o", "text-embedding-3-small"])).toEqual(["gpt-4o"]);
  expect(closestModels("qwen", ["mistral:7b"])).toEqual([]);
  expect(isServed("llama3.1:latest", ["llama3.1"])).toBe(true);
  expect(isServed("llama3.1", ["llama3.1:8b"])).toBe(false);
});
