import { getAuth } from "@/lib/server/auth";

/** better-auth's own endpoints: sign-in, sign-out, session. Public sign-up is disabled. */
export async function GET(req: Request): Promise<Response> {
  return getAuth().handler(req);
}

export async function POST(req: Request): Promise<Response> {
  return getAuth().handler(req);
}
