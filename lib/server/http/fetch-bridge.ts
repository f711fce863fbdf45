import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Serving a Fetch handler (`Request` → `Response`) from Node's HTTP server, as the front door
 * does for the gateway: the body is read up to a limit, the request's signal aborts when the
 * client goes away before the answer is complete, a streamed answer (text/event-stream) is
 * written chunk by chunk as it comes (with backpressure), its reader cancelled if the client
 * leaves, and any other answer in one write with its Content-Length.
 */

export type FetchHandler = (req: Request) => Promise<Response>;

/** Reads the body, or null once it passes `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

/** Writes `response` to `res`; resolves once it is written or the client left. */
async function writeResponse(response: Response, res: ServerResponse, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === "set-cookie" ? response.headers.getSetCookie() : value;
  });
  if (!response.body || head) {
    res.writeHead(response.status, headers);
    await response.body?.cancel();
    res.end();
    return;
  }
  if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
    // A whole answer (JSON): one write with its length, rather than chunked pieces.
    const bytes = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, "content-length": String(bytes.length) });
    res.end(bytes);
    return;
  }
  res.writeHead(response.status, headers);
  const reader = response.body.getReader();
  const left = () => void reader.cancel().catch(() => undefined);
  res.once("close", left);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once("drain", resolve).once("close", resolve));
    }
    res.end();
  } catch {
    // the stream errored after the head was sent: all the client can be told is a cut connection
    res.destroy();
  } finally {
    res.off("close", left);
  }
}

/**
 * A Node request handler serving `handler`. `tooLarge` answers a body over `limit` bytes
 * (before the handler sees it).
 */
export function serveFetch(
  handler: FetchHandler,
  options: { limit: number; tooLarge: () => Response },
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const method = req.method ?? "GET";
    const abort = new AbortController();
    // The client left before the whole answer was written: the work on its behalf stops.
    res.once("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    let body: Buffer | null = null;
    if (method !== "GET" && method !== "HEAD") {
      body = await readBody(req, options.limit);
      if (body === null) {
        res.setHeader("Connection", "close");
        await writeResponse(options.tooLarge(), res, false);
        return;
      }
    }
    const request = new Request(`http://localhost${req.url ?? "/"}`, {
      method,
      headers: toHeaders(req),
      body:
        body && body.length
          ? (new Uint8Array(body.buffer, body.byteOffset, body.length) as Uint8Array<ArrayBuffer>)
          : null,
      signal: abort.signal,
    });
    const response = await handler(request);
    await writeResponse(response, res, method === "HEAD");
  };
}
