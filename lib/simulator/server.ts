/**
 * Standalone HTTP server around the simulator core (node:http). Adapts IncomingMessage to
 * a Fetch `Request` whose signal aborts when the client disconnects, and writes Response
 * bodies to the socket chunk by chunk; a body stream that errors (`+cut`) destroys the
 * socket, so the client really sees the connection drop.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { errorResponse } from "./http";
import { findProfile } from "./profiles";
import { type Simulator, type SimulatorOptions, createSimulator } from "./simulator";

/** Options of {@link startSimulator}. */
export interface StartSimulatorOptions extends SimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /**
   * Serve one profile at the root (`http://host:port/v1`, `/api/tags`…) the way a real
   * server on its own port does — for discovery, which scans ports rather than paths.
   */
  rootProfile?: string;
}

/** A listening simulator. */
export interface RunningSimulator {
  /** Origin plus base path, e.g. `http://127.0.0.1:4010`. Profiles live at `${url}/<profile>/v1`. */
  url: string;
  port: number;
  simulator: Simulator;
  /** Closes the server, aborting in-flight requests. */
  stop(): Promise<void>;
}

type BodyResult = { kind: "ok"; body: Buffer } | { kind: "too-large"; size: number };

function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      // Keep draining (so the client can read our 413) unless the sender is abusive.
      else if (size > limit * 8) req.destroy();
    });
    req.on("end", () =>
      resolve(size > limit ? { kind: "too-large", size } : { kind: "ok", body: Buffer.concat(chunks) }),
    );
    req.on("error", reject);
    req.on("close", () =>
      resolve(size > limit ? { kind: "too-large", size } : { kind: "ok", body: Buffer.concat(chunks) }),
    );
  });
}

async function writeResponse(res: ServerResponse, response: Response, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  const onAbort = (): void => void reader.cancel("client disconnected").catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      res.write(value);
      if (res.writableNeedDrain)
        await new Promise<void>((resolve) => res.once("drain", resolve).once("close", resolve));
    }
    res.end();
  } catch {
    // The body failed mid-way (`+cut` or an aborted stream): drop the connection, after
    // what was already written has reached the socket.
    await new Promise<void>((resolve) =>
      res.writableLength === 0 ? resolve() : res.once("drain", resolve).once("close", resolve),
    );
    res.destroy();
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** What the HTTP server needs to hand a request to the simulator. */
interface Mount {
  simulator: Simulator;
  rootProfile: string | undefined;
  /** `http://host:port`, for requests without a Host header. */
  fallbackOrigin(): string;
}

/** Fetch headers from Node's (repeated headers appended, in order). */
function fetchHeaders(incoming: IncomingMessage["headers"]): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

/** The request's URL as the simulator routes it: under `rootProfile`'s segment when one is served at the root. */
function simulatorUrl(req: IncomingMessage, { simulator, rootProfile, fallbackOrigin }: Mount): URL {
  const origin = `http://${req.headers.host ?? fallbackOrigin()}`;
  const url = new URL(req.url ?? "/", origin);
  if (rootProfile)
    url.pathname = `${simulator.basePath}/${rootProfile}${url.pathname.slice(simulator.basePath.length)}`;
  return url;
}

/**
 * Answers one Node request: its body read (a 413 past the limit, which closes the
 * connection), the simulator asked, and the answer written unless the client already left.
 */
async function serveNodeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
  mount: Mount,
): Promise<void> {
  const limit = mount.simulator.maxBodyBytes;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  const result: BodyResult =
    declared > limit
      ? { kind: "too-large", size: declared }
      : hasBody
        ? await readBody(req, limit)
        : { kind: "ok", body: Buffer.alloc(0) };
  if (result.kind === "too-large") {
    const message = `Request body too large: ${result.size} bytes exceeds the limit of ${limit} bytes.`;
    res.setHeader("connection", "close");
    await writeResponse(res, errorResponse(413, message, { code: "request_too_large" }), signal);
    return;
  }
  const request = new Request(simulatorUrl(req, mount), {
    method: req.method,
    headers: fetchHeaders(req.headers),
    body: hasBody ? new Uint8Array(result.body) : undefined,
    signal,
  });
  const response = await mount.simulator.handle(request);
  if (signal.aborted) return;
  await writeResponse(res, response, signal);
}

/** Starts a simulator on `host:port` and resolves once it listens. */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const { rootProfile } = options;
  if (rootProfile !== undefined && !findProfile(rootProfile))
    throw new Error(`unknown simulator profile: ${rootProfile}`);
  const simulator = createSimulator(options);
  const inFlight = new Set<AbortController>();
  const mount: Mount = {
    simulator,
    rootProfile,
    fallbackOrigin: () => `${host}:${(server.address() as AddressInfo).port}`,
  };

  const server = createServer((req, res) => {
    const controller = new AbortController();
    inFlight.add(controller);
    res.socket?.setNoDelay(true);
    res.on("close", () => {
      inFlight.delete(controller);
      if (!res.writableFinished) controller.abort();
    });
    void serveNodeRequest(req, res, controller.signal, mount).catch(() => {
      if (!res.headersSent)
        res
          .writeHead(500, { "content-type": "application/json" })
          .end('{"error":{"message":"Internal simulator error","type":"server_error","param":null,"code":null}}');
      else res.destroy();
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${displayHost}:${port}${simulator.basePath}`,
    port,
    simulator,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const controller of inFlight) controller.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
