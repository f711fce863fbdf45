import { getAuth } from "@/lib/server/auth";
import { readBodyText } from "@/lib/server/request-body";
import { errorResponse } from "@/lib/server/route";

/** Sign-in bodies are a few hundred bytes; anything near this is not a sign-in. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

/** better-auth's own endpoints: sign-in, sign-out, session. Public sign-up is disabled. */
export async function GET(req: Request): Promise<Response> {
  return getAuth().handler(req);
}

/** Bodies are size-limited before better-auth reads them (it would read any size). */
export async function POST(req: Request): Promise<Response> {
  let body: string;
  try {
    body = await readBodyText(req, MAX_AUTH_BODY_BYTES);
  } catch (err) {
    return errorResponse(err);
  }
  const limited = new Request(req.url, {
    method: "POST",
    headers: req.headers,
    body: body || undefined,
    signal: req.signal,
  });
  return getAuth().handler(limited);
}
