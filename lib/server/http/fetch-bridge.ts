import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Between Node's HTTP server and a handler that answers with a Fetch `Response`, as the
 * front door serves the gateway: the body read up to a limit, a signal that aborts when the
 * client goes away before the answer is complete, and the answer written — a stream
 * (text/event-stream) chunk by chunk as it comes (with backpressure, its reader cancelled if
 * the client leaves), anything else in one write with its Content-Length.
 */

/** Reads the body, or null once it passes `limit` bytes (the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
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

/** Writes `response` to `res`; resolves once it is written or the client left. */
export async function writeResponse(response: Response, res: ServerResponse, head: boolean): Promise<void> {
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
  // Pieces that come in the same turn of the event loop (one network read upstream often
  // holds several SSE frames) leave in one write: a write is a system call, and costly here.
  let corked = false;
  const uncork = () => {
    corked = false;
    res.uncork();
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!corked) {
        corked = true;
        res.cork();
        setImmediate(uncork);
      }
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

/** A signal that aborts when the client goes away before the whole answer was written. */
export function abortOnClose(res: ServerResponse): AbortSignal {
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort.signal;
}
