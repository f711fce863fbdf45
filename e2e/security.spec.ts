import http from "node:http";
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

/**
 * What the front door and the page policy add, seen from outside: a per-request script
 * nonce that the app's own scripts carry (and nothing else runs), fixed security headers,
 * no-store on APIs, and 405/400 with those headers where Next would answer a bare 500.
 */

test("pages carry a fresh CSP nonce, the app runs under it, and no script is refused", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  const first = await page.goto("/sign-in");
  const csp = first?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  const again = await page.request.get("/sign-in");
  expect(again.headers()["content-security-policy"]).not.toBe(csp);
  // Signing in needs the client-side app: it only works if the nonce let it run.
  await signIn(page, ADMIN);
  expect(refused).toEqual([]);
  const headers = (await page.request.get("/providers")).headers();
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
});

test("JSON APIs are not cacheable and load nothing", async ({ request }) => {
  const res = await request.get("/api/setup");
  expect(res.headers()["cache-control"]).toBe("no-store");
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("TRACE and a broken percent-encoding get 405/400 with the security headers", async ({ baseURL }) => {
  const send = (method: string, path: string) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(new URL(path, baseURL), { method }, resolve);
      req.on("error", reject);
      req.end();
    });
  const trace = await send("TRACE", "/api/health");
  expect(trace.statusCode).toBe(405);
  expect(trace.headers["x-content-type-options"]).toBe("nosniff");
  const bad = await send("GET", "/providers/%ff");
  expect(bad.statusCode).toBe(400);
  expect(bad.headers["x-frame-options"]).toBe("DENY");
});
