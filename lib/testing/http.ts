/**
 * Calls route handlers in-process with real Request objects, the way Next.js does, and
 * keeps the session cookie between calls like a browser would.
 */
export const ORIGIN = "http://localhost:3000";

export type CallOptions<P = Record<string, string>> = {
  method?: string;
  body?: unknown;
  rawBody?: string;
  cookie?: string;
  headers?: Record<string, string>;
  params?: P;
};

export async function call<P extends Record<string, string>>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  urlPath: string,
  opts: CallOptions<P> = {},
): Promise<Response> {
  const method = opts.method ?? "GET";
  const headers: Record<string, string> = { host: "localhost:3000", ...opts.headers };
  if (method !== "GET") headers.origin ??= ORIGIN;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const req = new Request(`${ORIGIN}${urlPath}`, { method, headers, body });
  return handler(req, { params: Promise.resolve(opts.params ?? ({} as P)) });
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookieFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
