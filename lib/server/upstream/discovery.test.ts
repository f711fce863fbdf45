import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { scanLocalServers } from "./discovery";

// A fixed secret, so reading the configuration never writes a secret file into the checkout.
process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

/**
 * Discovery scans ports, not paths, so each simulator profile is served at the root of its
 * own port by a tiny forwarding server (`/<anything>` → `${sim.url}/<profile>/<anything>`).
 */
let sim: RunningSimulator;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
const ports: Record<string, number> = {};

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

function forwarder(profile: string): http.Server {
  return http.createServer((req, res) => {
    const target = new URL(`${sim.url}/${profile}${req.url ?? "/"}`);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  for (const profile of ["ollama", "lmstudio", "vllm", "localai", "llamacpp", "openai"]) {
    ports[profile] = await listen(forwarder(profile));
  }
  // Accepts the TCP connection and never answers.
  ports.hanging = await listen(net.createServer(() => {}));
  // A web server that is not an OpenAI-compatible API: 404 everywhere.
  ports.foreign = await listen(http.createServer((_req, res) => res.writeHead(404).end("<html>nope</html>")));
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  ports.closed = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await sim.stop();
});

test("a scan identifies each server kind from its own endpoints, skips closed/hanging/foreign ports, within 2 s", async () => {
  const order = ["hanging", "ollama", "closed", "lmstudio", "vllm", "foreign", "localai", "llamacpp", "openai"];
  const started = performance.now();
  const found = await scanLocalServers({ hosts: ["127.0.0.1"], ports: order.map((name) => ports[name]!) });
  const elapsed = performance.now() - started;
  // The functional requirement: the whole scan ends in ≤ 2 s even when a port hangs.
  expect(elapsed).toBeLessThanOrEqual(2000);
  const url = (name: string) => `http://127.0.0.1:${ports[name]}/v1`;
  expect(found).toEqual([
    { baseUrl: url("ollama"), kind: "ollama", version: "0.12.6", modelCount: 4, identifiedBy: "GET /api/version" },
    { baseUrl: url("lmstudio"), kind: "lmstudio", modelCount: 3, identifiedBy: "GET /api/v1/models" },
    { baseUrl: url("vllm"), kind: "vllm", version: "0.11.0", modelCount: 1, identifiedBy: "GET /version" },
    {
      baseUrl: url("localai"),
      kind: "localai",
      version: "v4.9.0",
      modelCount: 3,
      identifiedBy: "GET /version + GET /v1/models/capabilities",
    },
    { baseUrl: url("llamacpp"), kind: "llamacpp", version: "b4748-unknown", modelCount: 1, identifiedBy: "GET /props" },
    { baseUrl: url("openai"), kind: "custom", modelCount: 5, identifiedBy: "GET /v1/models" },
  ]);
});

test("a scan of only closed and hanging ports finds nothing and still ends within 2 s", async () => {
  const started = performance.now();
  const found = await scanLocalServers({ hosts: ["127.0.0.1", "localhost"], ports: [ports.closed!, ports.hanging!] });
  expect(performance.now() - started).toBeLessThanOrEqual(2000);
  expect(found).toEqual([]);
});

test("the default host is localhost; the scan deadline is configurable", async () => {
  const found = await scanLocalServers({ ports: [ports.ollama!], timeoutMs: 1000 });
  expect(found).toEqual([expect.objectContaining({ baseUrl: `http://localhost:${ports.ollama}/v1`, kind: "ollama" })]);
});
