import "server-only";
import { getAuth } from "./auth";
import { readBodyText } from "./read-body";
import { errorResponse, noStore } from "./route";

/** Sign-in bodies are a few hundred bytes; anything near this is not a sign-in. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

/**
 * The better-auth endpoints Switchyard exposes, by method. Everything else better-auth
 * offers is answered 404 here: accounts are made and changed through /api/users (admins),
 * so `update-user` (which let anyone rename themselves or set an `image` URL), `change-email`,
 * `delete-user`, sign-up and the e-mail flows are not reachable.
 */
const EXPOSED: Record<string, readonly string[]> = {
  GET: ["/get-session", "/list-sessions"],
  POST: ["/sign-in/email", "/sign-out", "/change-password", "/revoke-session", "/revoke-other-sessions"],
};

function notFound(): Response {
  return noStore(Response.json({ error: { code: "not_found", message: "No such endpoint." } }, { status: 404 }));
}

/** Routes a request under /api/auth to better-auth when its path is exposed; bodies are size-limited first. */
export async function handleAuthRequest(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname.replace(/^\/api\/auth/, "").replace(/\/+$/, "");
  if (!EXPOSED[req.method]?.includes(path)) return notFound();
  if (req.method === "GET") return noStore(await getAuth().handler(req));
  let body: string;
  try {
    // better-auth would read a body of any size.
    body = await readBodyText(req, MAX_AUTH_BODY_BYTES);
  } catch (err) {
    return noStore(errorResponse(err));
  }
  const limited = new Request(req.url, {
    method: "POST",
    headers: req.headers,
    body: body || undefined,
    signal: req.signal,
  });
  return noStore(await getAuth().handler(limited));
}
