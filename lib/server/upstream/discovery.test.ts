import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { scanLocalServers } from "./discovery";
import { createLocalServers, createProfileForwarder } from "./test-servers";

// A fixed secret, so reading the configuration never writes a secret file into the checkout.
process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

/**
 * Discovery scans ports, not paths, so each simulator profile is served at the root of its
 * own port by a tiny forwarding server (`/<anything>` → `${sim.url}/<profile>/<anything>`).
 */
let sim: RunningSimulator;
const servers = createLocalServers();
const listen = servers.listen;
const ports: Record<string, number> = {};
const forwarder = (profile: string) => createProfileForwarder(() => sim.url, profile);

/** Like {@link forwarder}, but holds every answer except `GET <quick>` for `delayMs` (a busy machine). */
function slowForwarder(profile: string, quick: string, delayMs: number): http.Server {
  const forward = forwarder(profile);
  return http.createServer((req, res) => {
    const go = () => forward.emit("request", req, res);
    if (req.url === quick) go();
    else setTimeout(go, delayMs);
  });
}

/** Opened connections per port of the hanging server, and how many the client closed. */
const hangingSockets = { opened: 0, closedByClient: 0 };

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  for (const profile of ["ollama", "lmstudio", "vllm", "localai", "llamacpp", "koboldcpp", "openai"]) {
    ports[profile] = await listen(forwarder(profile));
  }
  // Answers `/v1/models` at once and everything else only after 3.5 s: after the answer
  // deadline its test gives (3 s), well within the time it allows to identify.
  ports.slowOllama = await listen(slowForwarder("ollama", "/v1/models", 3500));
  // Answers 404 at once everywhere but `/api/version`, which never answers: it answered its
  // port, but whether it is Ollama cannot be told in time.
  ports.undecided = await listen(
    http.createServer((req, res) => {
      if (req.url !== "/api/version") res.writeHead(404).end("not found");
    }),
  );
  // Accepts the TCP connection and never answers.
  ports.hanging = await listen(
    net.createServer((socket) => {
      hangingSockets.opened++;
      socket.on("close", () => hangingSockets.closedByClient++);
      socket.on("error", () => undefined);
    }),
  );
  // A web server that is not an OpenAI-compatible API: 404 everywhere.
  ports.foreign = await listen(http.createServer((_req, res) => res.writeHead(404).end("<html>nope</html>")));
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  ports.closed = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  await servers.closeAll();
  await sim.stop();
});

const url = (name: string) => `http://127.0.0.1:${ports[name]}/v1`;

/**
 * Generous deadlines: what a scan finds must not depend on how busy the machine is. The
 * default deadlines' speed is `npm run bench`'s business, not a test's.
 */
const PATIENT = { timeoutMs: 10_000, identifyTimeoutMs: 20_000 };

test("a scan identifies each server kind from its own endpoints", async () => {
  const order = ["ollama", "closed", "lmstudio", "vllm", "foreign", "localai", "llamacpp", "koboldcpp", "openai"];
  const found = await scanLocalServers({ hosts: ["127.0.0.1"], ports: order.map((name) => ports[name]!), ...PATIENT });
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
    {
      baseUrl: url("koboldcpp"),
      kind: "koboldcpp",
      version: "1.76",
      modelCount: 1,
      identifiedBy: "GET /api/extra/version",
    },
    { baseUrl: url("openai"), kind: "custom", modelCount: 5, identifiedBy: "GET /v1/models" },
  ]);
});

test("closed and hanging ports are skipped after the answer deadline: the scan lets go of the hanging connection", async () => {
  const before = { ...hangingSockets };
  const found = await scanLocalServers({
    hosts: ["127.0.0.1"],
    ports: [ports.closed!, ports.hanging!],
    timeoutMs: 200,
  });
  expect(found).toEqual([]);
  // Every connection the scan opened to the hanging port, it closed itself (nothing left waiting).
  const opened = hangingSockets.opened - before.opened;
  expect(opened).toBeGreaterThan(0);
  await expect.poll(() => hangingSockets.closedByClient - before.closedByClient).toBe(opened);
});

test("a server that answered its port gets time to identify itself, past the answer deadline", async () => {
  const found = await scanLocalServers({
    hosts: ["127.0.0.1"],
    ports: [ports.slowOllama!],
    timeoutMs: 3000,
    identifyTimeoutMs: 20_000,
  });
  expect(found).toEqual([
    { baseUrl: url("slowOllama"), kind: "ollama", version: "0.12.6", modelCount: 4, identifiedBy: "GET /api/version" },
  ]);
});

test("a server that answered but has not identified itself in time is reported as such, not dropped", async () => {
  const found = await scanLocalServers({
    hosts: ["127.0.0.1"],
    ports: [ports.undecided!, ports.foreign!],
    ...PATIENT,
    identifyTimeoutMs: 300,
  });
  // The foreign server answered every read and none told: not an OpenAI-compatible server.
  expect(found).toEqual([
    { baseUrl: url("undecided"), kind: "custom", identified: false, identifiedBy: "answering, not identified yet" },
  ]);
});

test("a model list alone does not make a server Custom while a more specific endpoint is outstanding", async () => {
  // slowOllama answers /v1/models at once, /api/version only after 3.5 s: it may still be Ollama.
  const found = await scanLocalServers({
    hosts: ["127.0.0.1"],
    ports: [ports.slowOllama!],
    ...PATIENT,
    identifyTimeoutMs: 300,
  });
  expect(found).toEqual([
    { baseUrl: url("slowOllama"), kind: "custom", identified: false, identifiedBy: "answering, not identified yet" },
  ]);
});

test("the default host is localhost; the scan deadline is configurable", async () => {
  const found = await scanLocalServers({ ports: [ports.ollama!], ...PATIENT });
  expect(found).toEqual([expect.objectContaining({ baseUrl: `http://localhost:${ports.ollama}/v1`, kind: "ollama" })]);
});
