import "server-only";
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "@/lib/security-headers";

/**
 * The gateway speaks OpenAI's error shape, `{"error": {"message", "type", "param", "code"}}`,
 * with the statuses the SDKs map to their typed errors (400 BadRequestError, 401
 * AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError, 413, 429
 * RateLimitError, 5xx APIError).
 */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, param: string | null, code = "invalid_value") =>
  new GatewayError(400, message, "invalid_request_error", code, param);

/** Headers every gateway answer carries (the front door serves it without Next's config headers). */
export function gatewayHeaders(extra: Record<string, string> = {}): Headers {
  const h = new Headers(extra);
  for (const { key, value } of SECURITY_HEADERS) h.set(key, value);
  h.set("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
  h.set("Cache-Control", "no-store");
  return h;
}

const jsonBytes = new WeakMap<Response, Buffer>();

/**
 * A JSON answer. The front door writes its bytes as they are ({@link bytesOfJsonAnswer})
 * instead of reading them back out of the Response's stream.
 */
export function jsonAnswer(value: unknown, status: number, headers: Headers): Response {
  const bytes = Buffer.from(JSON.stringify(value));
  headers.set("content-type", "application/json");
  const res = new Response(bytes, { status, headers });
  jsonBytes.set(res, bytes);
  return res;
}

/** The bytes of an answer made by {@link jsonAnswer}. */
export function bytesOfJsonAnswer(res: Response): Buffer | undefined {
  return jsonBytes.get(res);
}

export function errorResponse(err: GatewayError): Response {
  return jsonAnswer(err.toBody(), err.status, gatewayHeaders(err.headers));
}

/** A header value carries only printable ASCII: anything else (a provider's Unicode name) is percent-encoded. */
export function headerValue(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => encodeURIComponent(c)).slice(0, 2000);
}
