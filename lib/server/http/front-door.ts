import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "@/lib/security-headers";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "./client-address";

/**
 * The HTTP front door of `npm start`: every request reaches it before Next's own request
 * handler. It
 * - answers methods the app has no use for (TRACE, CONNECT…) with 405, and request paths
 *   with a broken percent-encoding (`%ff`) with 400, itself — with the security headers,
 *   where Next would answer a bare 500;
 * - sets {@link CLIENT_ADDRESS_HEADER} from the socket (see client-address.ts), replacing
 *   any value a client sent, so the app's per-address limits count real clients;
 * - serves `/v1/…` with the gateway's handler, when given one: ahead of Next's request
 *   handler, so the gateway's requests do not pay Next's per-request cost (README, Gateway);
 * - hands everything else to Next.
 */

const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export type FrontDoorOptions = {
  next: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
  /** Serves `/v1` and everything under it. */
  gateway?: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
  isTrustedProxy: (address: string) => boolean;
};

/** A JSON error in the app's shape, with the security headers. */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers = {}): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    ...Object.fromEntries(SECURITY_HEADERS.map((h) => [h.key, h.value])),
    "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Whether every %-escape of the path decodes (Next answers a bare 500 for `%ff` in a dynamic segment). */
function isWellEncoded(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** `/v1`, `/v1/…` or `/v1?…`. */
export function isGatewayPath(url: string): boolean {
  return url.startsWith("/v1") && (url.length === 3 || url[3] === "/" || url[3] === "?");
}

export function createFrontDoor(options: FrontDoorOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? "GET";
    if (!ALLOWED_METHODS.includes(method)) {
      sendError(res, 405, "method_not_allowed", `The method ${method} is not allowed here.`, {
        Allow: ALLOWED_METHODS.join(", "),
      });
      return;
    }
    if (!isWellEncoded(req.url ?? "/")) {
      sendError(res, 400, "bad_request", "The request path holds an invalid percent-encoding.");
      return;
    }
    const address = resolveClientAddress(
      req.socket.remoteAddress,
      req.headers["x-forwarded-for"],
      options.isTrustedProxy,
    );
    if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete req.headers[CLIENT_ADDRESS_HEADER];
    const url = req.url ?? "/";
    const handler = options.gateway && isGatewayPath(url) ? options.gateway : options.next;
    void Promise.resolve(handler(req, res)).catch((err: unknown) => {
      console.error("[front door] request failed:", err instanceof Error ? err.message : err);
      if (!res.headersSent) sendError(res, 500, "internal", "Something went wrong on the server.");
      else res.destroy();
    });
  };
}
