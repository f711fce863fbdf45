import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { abortOnClose, readBody, writeResponse } from "../http/fetch-bridge";
import { bytesOfJsonAnswer } from "./errors";
import { serveGateway } from "./handler";
import { MAX_GATEWAY_BODY_BYTES, tooLargeError } from "./request";

/**
 * The gateway as `npm start`'s front door serves it: straight from Node's request, ahead of
 * Next's request handler. The body is read only when the endpoint needs it (after the key
 * was checked), up to the size limit.
 */
export async function serveGatewayNode(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const signal = abortOnClose(res);
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const response = await serveGateway({
    method,
    path: query === -1 ? url : url.slice(0, query),
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
    body: async () => {
      const body = await readBody(req, MAX_GATEWAY_BODY_BYTES);
      if (body === null) {
        // The rest of the body is not read: the connection cannot be reused.
        res.setHeader("Connection", "close");
        throw tooLargeError();
      }
      return body;
    },
    signal,
  });
  const bytes = bytesOfJsonAnswer(response);
  if (bytes) {
    // A JSON answer: its bytes as they are, in one write.
    const headers: Record<string, string> = { "content-length": String(bytes.length) };
    response.headers.forEach((value, name) => (headers[name] = value));
    res.writeHead(response.status, headers);
    res.end(method === "HEAD" ? undefined : bytes);
    return;
  }
  await writeResponse(response, res, method === "HEAD");
}
