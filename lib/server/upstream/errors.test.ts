import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createUpstreamClient } from "./client";
import {
  UpstreamError,
  classifyUpstreamError,
  messageFromErrorBody,
  providerSecrets,
  scrubSecrets,
  toProviderAppError,
} from "./errors";

// A fixed secret, so reading the configuration never writes a secret file into the checkout.
process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

const KEY = "sk-PLANTED-upstream-5b2a4c6e8f0a1b3d";
const HEADER = "hdr-PLANTED-9f8e7d6c";

/** Answers by path with bodies shaped like each server's errors, echoing what it was sent. */
let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const auth = req.headers.authorization ?? "";
    const team = String(req.headers["x-team-token"] ?? "");
    if (req.url?.startsWith("/openai/"))
      json(401, { error: { message: `Invalid key ${auth} (team ${team})`, type: "x" } });
    else if (req.url?.startsWith("/ollama/")) json(400, { error: `bad request from ${auth}` });
    else if (req.url?.startsWith("/fastapi/")) json(404, { detail: "Not Found" });
    else if (req.url?.startsWith("/proxy/")) {
      res
        .writeHead(502, { "content-type": "text/html" })
        .end("<html><head><title>502 Bad Gateway</title></head></html>");
    } else res.writeHead(500, { "content-type": "text/plain" }).end(`panic: ${auth}\n  at main.go:12`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const p = (path: string) => ({
  baseUrl: `${url}${path}/v1`,
  apiKey: KEY,
  headers: { "X-Team-Token": HEADER },
  timeoutMs: 5000,
  maxRetries: 0,
  proxyUrl: null,
});

async function failureOf(path: string) {
  const err = await createUpstreamClient(p(path))
    .models.list()
    .catch((e: unknown) => e);
  return classifyUpstreamError(err, providerSecrets(p(path)));
}

describe("HTTP errors keep the provider's status and own message, never a secret", () => {
  test("OpenAI-shaped {error:{message}} that echoes the key and a header value", async () => {
    const f = await failureOf("/openai");
    expect(f).toEqual({ kind: "http", status: 401, message: "Invalid key Bearer *** (team ***)" });
  });

  test("Ollama-style {error: string}", async () => {
    expect(await failureOf("/ollama")).toEqual({ kind: "http", status: 400, message: "bad request from Bearer ***" });
  });

  test("an HTML error page becomes its title; plain text becomes one line", async () => {
    expect(await failureOf("/proxy")).toEqual({ kind: "http", status: 502, message: "502 Bad Gateway" });
    const text = await failureOf("/other");
    expect(text).toMatchObject({ kind: "http", status: 500 });
    expect(text.message).toBe("panic: Bearer *** at main.go:12");
  });

  test("a JSON error without a message still names the status", async () => {
    expect(await failureOf("/fastapi")).toEqual({
      kind: "http",
      status: 404,
      message: "HTTP 404 with no error message",
    });
  });

  test("as an AppError: provider_error (502) with the upstream status", () => {
    const e = toProviderAppError(
      { kind: "http", status: 401, message: "Invalid key" },
      "Could not read the models of X",
    );
    expect(e.status).toBe(502);
    expect(e.toBody()).toEqual({
      error: {
        code: "provider_error",
        message: "Could not read the models of X: Invalid key (HTTP 401).",
        details: { kind: "http", upstreamStatus: 401 },
      },
    });
  });
});

describe("transport failures by cause chain", () => {
  const wrapped = (cause: unknown) => Object.assign(new TypeError("fetch failed"), { cause });
  test.each([
    [{ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:1" }, "refused"],
    [{ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND x" }, "dns"],
    [{ code: "EAI_AGAIN", message: "getaddrinfo EAI_AGAIN x" }, "dns"],
    [{ code: "ERR_SSL_WRONG_VERSION_NUMBER", message: "wrong version number" }, "tls"],
    [{ code: "DEPTH_ZERO_SELF_SIGNED_CERT", message: "self-signed certificate" }, "tls"],
    [
      {
        code: "ECONNRESET",
        message: "Client network socket disconnected before secure TLS connection was established",
      },
      "tls",
    ],
    [{ code: "UND_ERR_CONNECT_TIMEOUT", message: "Connect Timeout Error" }, "timeout"],
    [{ code: "ECONNRESET", message: "socket hang up" }, "network"],
    [{ message: "bad port" }, "network"],
  ])("%o → %s", (cause, kind) => {
    expect(classifyUpstreamError(wrapped(Object.assign(new Error(cause.message), cause))).kind).toBe(kind);
  });

  test("happy-eyeballs AggregateErrors are looked into", () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: "ECONNREFUSED" });
    expect(classifyUpstreamError(wrapped(new AggregateError([refused("::1"), refused("127.0.0.1")]))).kind).toBe(
      "refused",
    );
  });

  test("our own typed errors keep their kind; JSON parse errors are invalid responses; secrets are scrubbed", () => {
    expect(classifyUpstreamError(new UpstreamError("timeout", `slow ${KEY}`), [KEY])).toEqual({
      kind: "timeout",
      message: "slow ***",
    });
    expect(classifyUpstreamError(new SyntaxError("Unexpected end of JSON input")).kind).toBe("invalid_response");
  });
});

test("scrubSecrets masks every occurrence, longest secret first; messageFromErrorBody reads each server's shape", () => {
  expect(scrubSecrets("a sk-abcd-long and sk-abcd", ["sk-abcd", "sk-abcd-long"])).toBe("a *** and ***");
  expect(providerSecrets({ apiKey: "abc", headers: { a: "value-1" } })).toEqual(["value-1"]);
  expect(messageFromErrorBody({ error: { message: "m" } })).toBe("m");
  expect(messageFromErrorBody({ error: "s" })).toBe("s");
  expect(messageFromErrorBody({ detail: [{ msg: "field required" }] })).toBe('[{"msg":"field required"}]');
  expect(messageFromErrorBody({ message: "plain" })).toBe("plain");
  expect(messageFromErrorBody({})).toBeUndefined();
});
