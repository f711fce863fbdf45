import type dns from "node:dns";
import http from "node:http";
import net from "node:net";
import { fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import {
  type UpstreamProvider,
  createPolicyDispatcher,
  createPolicyLookup,
  createUpstreamClient,
  fetchServerJson,
  retryWaitMs,
  serverRoot,
} from "./client";
import { classifyUpstreamError } from "./errors";
import { createConnectProxy, createLocalServers } from "./test-servers";

// A fixed secret, so reading the configuration never writes a secret file into the checkout.
process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

let sim: RunningSimulator;
let echo: http.Server;
let echoUrl: string;
let seen: http.IncomingHttpHeaders[] = [];
let proxy: http.Server;
let proxyUrl: string;
const tunnels: string[] = [];
const servers = createLocalServers();
const listen = servers.listen;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  // Records request headers and answers with a model list.
  echo = http.createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[{"id":"m"}]}');
  });
  echoUrl = `http://127.0.0.1:${await listen(echo)}`;
  // A minimal HTTP proxy (CONNECT tunnels), like the ones teams put in front of providers.
  proxy = createConnectProxy((target) => tunnels.push(target));
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
});
afterAll(async () => {
  await servers.closeAll();
  await sim.stop();
});

function provider(baseUrl: string, overrides: Partial<UpstreamProvider> = {}): UpstreamProvider {
  return {
    baseUrl,
    apiKey: "sk-test-key-123456",
    headers: {},
    timeoutMs: 5000,
    maxRetries: 0,
    proxyUrl: null,
    ...overrides,
  };
}

/** A resolver answering from a fixed table, like a hosts file we cannot rely on here. */
function fakeResolver(table: Record<string, string>): typeof dns.lookup {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    const address = table[hostname];
    if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }));
    const family = net.isIPv6(address) ? 6 : 4;
    if (options.all) return callback(null, [{ address, family }]);
    callback(null, address, family);
    // dns.lookup's overloads (and its __promisify__) cannot be written as one function.
  }) as unknown as typeof dns.lookup;
}

describe("the connect-time URL policy", () => {
  test("the lookup hook refuses names resolving to link-local / metadata addresses, and passes others", async () => {
    const lookup = createPolicyLookup(
      fakeResolver({ "metadata.test": "169.254.169.254", "aws.test": "fd00:ec2::254", "ok.test": "10.0.0.5" }),
    );
    const run = (host: string, all: boolean) =>
      new Promise<{ err: Error | null; address: unknown }>((resolve) =>
        lookup(host, { all }, (err, address) => resolve({ err, address })),
      );
    for (const all of [false, true]) {
      expect((await run("metadata.test", all)).err?.message).toContain("refused to connect to 169.254.169.254");
      expect((await run("aws.test", all)).err?.message).toContain("fd00:ec2::254");
      const ok = await run("ok.test", all);
      expect(ok.err).toBeNull();
      expect(ok.address).toEqual(all ? [{ address: "10.0.0.5", family: 4 }] : "10.0.0.5");
    }
    expect((await run("missing.test", false)).err).toMatchObject({ code: "ENOTFOUND" });
  });

  test("the dispatcher applies the hook on real connections: the allowed name connects, the metadata one never does", async () => {
    const port = new URL(sim.url).port;
    const dispatcher = createPolicyDispatcher(
      createPolicyLookup(fakeResolver({ "sim.test": "127.0.0.1", "metadata.test": "169.254.169.254" })),
    );
    const ok = await undiciFetch(`http://sim.test:${port}/ollama/api/version`, { dispatcher });
    expect(await ok.json()).toEqual({ version: "0.12.6" });
    const blocked = await undiciFetch(`http://metadata.test:${port}/latest/meta-data`, { dispatcher }).catch(
      (e: unknown) => e,
    );
    expect(classifyUpstreamError(blocked)).toEqual({
      kind: "network",
      message: expect.stringContaining("link-local and cloud-metadata addresses are blocked"),
    });
    const literal = await undiciFetch("http://169.254.169.254/latest/meta-data", { dispatcher }).catch(
      (e: unknown) => e,
    );
    expect(classifyUpstreamError(literal).message).toContain("refused to connect to 169.254.169.254");
    await dispatcher.close();
  });

  test("the SDK client refuses a metadata base URL before connecting", async () => {
    const client = createUpstreamClient(provider("http://[fd00:ec2::254]/v1"));
    const err = await client.models.list().catch((e: unknown) => e);
    expect(classifyUpstreamError(err).message).toContain("refused to connect to fd00:ec2::254");
  });
});

describe("createUpstreamClient", () => {
  test("sends the key as a bearer token and the extra headers, to the base URL", async () => {
    seen = [];
    const client = createUpstreamClient(provider(`${echoUrl}/v1`, { headers: { "X-Team-Token": "team-value-42" } }));
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(["m"]);
    expect(seen[0]).toMatchObject({ authorization: "Bearer sk-test-key-123456", "x-team-token": "team-value-42" });
  });

  test("without a key, the SDK still gets a placeholder", async () => {
    seen = [];
    await createUpstreamClient(provider(`${echoUrl}/v1`, { apiKey: null })).models.list();
    expect(seen[0]?.authorization).toBe("Bearer no-key");
  });

  test("goes through the provider's HTTP proxy when one is set", async () => {
    tunnels.length = 0;
    const port = new URL(sim.url).port;
    const client = createUpstreamClient(provider(`${sim.url}/ollama/v1`, { proxyUrl }));
    const page = await client.models.list();
    expect(page.data).toHaveLength(4);
    expect(tunnels).toContain(`127.0.0.1:${port}`);
  });

  test("through a proxy, a metadata target is refused on our side; the proxy never sees it", async () => {
    tunnels.length = 0;
    const client = createUpstreamClient(provider("http://169.254.169.254/v1", { proxyUrl }));
    const err = await client.models.list().catch((e: unknown) => e);
    expect(classifyUpstreamError(err).message).toContain("refused to connect to 169.254.169.254");
    expect(tunnels).toEqual([]);
  });
});

describe("fetchServerJson (a server's own endpoints)", () => {
  test("reads JSON relative to the server root", async () => {
    expect(serverRoot("http://h:11434/v1/")).toBe("http://h:11434");
    expect(serverRoot("http://h/sim/ollama/v1")).toBe("http://h/sim/ollama");
    expect(await fetchServerJson(provider(`${sim.url}/ollama/v1`), "/api/version")).toEqual({ version: "0.12.6" });
    const shown = await fetchServerJson(provider(`${sim.url}/ollama/v1`), "/api/show", {
      method: "POST",
      body: { model: "llava:7b" },
    });
    expect(shown).toMatchObject({ capabilities: ["completion", "vision"] });
  });

  test("an error answer keeps the server's status and its own (Ollama-style) message", async () => {
    const err = fetchServerJson(provider(`${sim.url}/ollama/v1`), "/api/show", {
      method: "POST",
      body: { model: "nope" },
    });
    await expect(err).rejects.toMatchObject({ kind: "http", status: 404, message: "model 'nope' not found" });
  });

  test("an HTML page is an invalid response; a hanging server a timeout; a caller's abort an abort", async () => {
    const hanging = net.createServer(() => {});
    const port = await listen(hanging);
    const html = http.createServer((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<html></html>"),
    );
    const htmlPort = await listen(html);
    await expect(fetchServerJson(provider(`http://127.0.0.1:${htmlPort}/v1`), "/props")).rejects.toMatchObject({
      kind: "invalid_response",
    });
    await expect(
      fetchServerJson(provider(`http://127.0.0.1:${port}/v1`), "/props", { timeoutMs: 200 }),
    ).rejects.toMatchObject({
      kind: "timeout",
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      fetchServerJson(provider(`http://127.0.0.1:${port}/v1`), "/props", { signal: controller.signal }),
    ).rejects.toMatchObject({ kind: "aborted" });
    servers.destroySockets();
    await Promise.all([hanging, html].map((s) => new Promise((resolve) => s.close(resolve))));
  });
});

test("the wait a response asks for: retry-after-ms, Retry-After in seconds or as an HTTP date", () => {
  const now = Date.parse("2026-11-26T10:00:00Z");
  expect(retryWaitMs(new Headers({ "retry-after-ms": "250" }), now)).toBe(250);
  expect(retryWaitMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
  expect(retryWaitMs(new Headers({ "retry-after": "Thu, 26 Nov 2026 10:10:00 GMT" }), now)).toBe(600_000);
  expect(retryWaitMs(new Headers({}), now)).toBeUndefined();
  expect(retryWaitMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
});
