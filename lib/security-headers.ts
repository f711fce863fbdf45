/**
 * Response headers every answer carries (pages, APIs, the gateway, the front door's own
 * 400/405s). Isomorphic and dependency-free: next.config.ts reads it at build time and the
 * front door (lib/server/http/front-door.ts) at run time. The page Content-Security-Policy,
 * which needs a fresh nonce per request, is set in proxy.ts.
 */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  },
];

/**
 * The CSP of answers that are not pages (JSON, event streams, plain errors): they load
 * nothing and may not be framed.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The CSP of pages: scripts only with this request's nonce (Next puts it on its own
 * scripts; 'strict-dynamic' lets those load the app's chunks), no plugins, no framing, forms
 * and connections to this origin only. Styles allow inline: React style attributes and the
 * toast library's injected styles need it, and a style cannot run code.
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
