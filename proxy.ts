import { type NextRequest, NextResponse } from "next/server";
import { pageContentSecurityPolicy } from "@/lib/security-headers";

/**
 * Next's request proxy (formerly "middleware"), for pages only: a fresh nonce per request
 * and the Content-Security-Policy that allows scripts carrying it. Next reads the policy
 * from the request header and puts the nonce on its own scripts; the root layout passes it
 * to the theme script. (Every page is rendered per request anyway: each reads the session.)
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: API routes, the simulator, the gateway and static files carry the fixed
  // policy from next.config.ts. Prefetches need no nonce of their own.
  matcher: [
    {
      source: "/((?!api/|sim/|v1/|_next/static|_next/image|favicon\\.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
