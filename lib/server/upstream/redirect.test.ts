/**
 * Provider calls never follow redirects: not on the SDK path (models, chat), not on raw
 * streams, not on server-identification reads, not through a proxy. A listener on
 * 127.0.0.1 answers 302/307; the place it points at must receive nothing, and the failure
 * says where the server wanted to send us.
 */
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { ProbeUpstream } from "../probes/upstream";
import type { ProbeProvider } from "../probes/types";
import { type UpstreamProvider, createUpstreamClient, fetchServerJson } from "./client";
import { testConnection } from "./connection-test";
import { classifyUpstreamError } from "./errors";
import { createConnectProxy, createLocalServers } from "./test-servers";

process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

const SECRET_HEADER = "hdr-SECRET-5a4b3c2d1e";
const servers = createLocalServers();
let elsewhereHits: http.IncomingHttpHeaders[] = [];
let tunnels: string[] = [];
let elsewhereUrl = "";
let redirectorUrl = "";
/** Requests the redirector received: one per call, or the 3xx was retried. */
const redirectorHits: string[] = [];
let metadataRedirectorUrl = "";
let proxyUrl = "";

const listen = async (server: net.Server): Promise<string> => `http://127.0.0.1:${await servers.listen(server)}`;

beforeAll(async () => {
  // The other host: anything reaching it is a leak.
  elsewhereUrl = await listen(
    http.createServer((req, res) => {
      elsewhereHits.push(req.headers);
      res.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[]}');
    }),
  );
  // 307 for POSTs (keeps the body), 302 for the rest, to the other host's same path.
  redirectorUrl = await listen(
    http.createServer((req, res) => {
      redirectorHits.push(`${req.method} ${req.url}`);
      res.writeHead(req.method === "POST" ? 307 : 302, { location: `${elsewhereUrl}${req.url}` }).end();
    }),
  );
  metadataRedirectorUrl = await listen(
    http.createServer((_req, res) =>
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
    ),
  );
  // A CONNECT proxy that records every tunnel it is asked for.
  proxyUrl = await listen(createConnectProxy((target) => tunnels.push(target)));
});
afterAll(async () => {
  await servers.closeAll();
});
beforeEach(() => {
  elsewhereHits = [];
  tunnels = [];
});

function provider(baseUrl: string, proxy: string | null = null): UpstreamProvider & ProbeProvider {
  return {
    name: "redirecting",
    kind: "custom",
    baseUrl: `${baseUrl}/v1`,
    apiKey: "sk-SECRET-key-9f8e7d6c",
    headers: { "x-secret": SECRET_HEADER },
    timeoutMs: 5000,
    maxRetries: 2,
    proxyUrl: proxy,
    concurrency: 1,
    embeddingModel: null,
  };
}

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return classifyUpstreamError(err);
  }
  throw new Error("expected a failure");
}

test("GET /v1/models and POST /v1/chat/completions: a 302/307 is reported, not followed, and not retried", async () => {
  const client = createUpstreamClient(provider(redirectorUrl));
  redirectorHits.length = 0;
  const models = await failureOf(client.models.list());
  expect(models).toMatchObject({ kind: "redirect", status: 302 });
  expect(models.message).toContain(`redirected to ${elsewhereUrl}/v1/models`);
  expect(models.message).toContain("set the base URL to the final address");
  const chat = await failureOf(
    client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] }),
  );
  expect(chat).toMatchObject({ kind: "redirect", status: 307 });
  expect(elsewhereHits).toEqual([]);
  expect(redirectorHits).toEqual(["GET /v1/models", "POST /v1/chat/completions"]);
});

test("streams (probes) and server-identification reads do not follow redirects either", async () => {
  const target = provider(redirectorUrl);
  const upstream = new ProbeUpstream(target, new AbortController().signal);
  const stream = await failureOf(
    upstream.stream({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
  );
  expect(stream).toMatchObject({ kind: "redirect", status: 307 });
  expect(upstream.exchanges[0]?.response?.status).toBe(307);
  const identify = await failureOf(fetchServerJson(target, "/api/version"));
  expect(identify).toMatchObject({ kind: "redirect", status: 302 });
  expect(elsewhereHits).toEqual([]);
});

test("through a proxy, a redirect to a metadata address is never tunnelled to", async () => {
  const client = createUpstreamClient(provider(metadataRedirectorUrl, proxyUrl));
  const failure = await failureOf(client.models.list());
  expect(failure).toMatchObject({ kind: "redirect", status: 302 });
  expect(failure.message).toContain("http://169.254.169.254/latest/meta-data/");
  expect(tunnels).toEqual([new URL(metadataRedirectorUrl).host]);
});

test("Test connection names the redirect and what to do about it", async () => {
  const result = await testConnection(provider(redirectorUrl), { readVersion: false });
  expect(result.outcome).toBe("not_compatible");
  expect(result.status).toBe(302);
  expect(result.message).toMatch(
    /redirected to http:\/\/127\.0\.0\.1:\d+\/v1\/models .*set the base URL to the final address/,
  );
  expect(elsewhereHits).toEqual([]);
});
