/**
 * Sign-in that one person cannot lock for everyone, better-auth endpoints reduced to what
 * Switchyard uses, session tokens only in the cookie, other sessions ended by a password
 * change, and mutations accepted only from the configured origins (not from the Host a
 * DNS-rebinding page brings along).
 */
import { beforeAll, expect, test } from "vitest";
import { getDb } from "@/lib/server/db";
import { FAILED_SIGN_INS_ALLOWED } from "@/lib/server/sign-in-limit";
import { createUser } from "@/lib/server/users/service";
import { call, cookieFrom } from "@/lib/testing/http";
import * as authRoute from "./auth/[...all]/route";
import * as meRoute from "./me/route";
import * as setupRoute from "./setup/route";
import { setUpTestDatabase } from "./test-support";

setUpTestDatabase();
const ada = { name: "Ada", email: "ada@example.com", password: "ada-password-1" };
const vic = { name: "Vic", email: "vic@example.com", password: "vic-password-1" };

beforeAll(async () => {
  await createUser({ ...ada, role: "admin" });
  await createUser({ ...vic, role: "viewer" });
});

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  call(authRoute.POST, "/api/auth/sign-in/email", { method: "POST", headers, body: { email, password } });

test("without a resolved client address, failed sign-ins with random emails do not lock anyone else out", async () => {
  for (let i = 0; i < FAILED_SIGN_INS_ALLOWED + 2; i++) {
    expect((await signIn(`nobody${i}@example.com`, "wrong-password")).status).toBe(401);
  }
  expect((await signIn(ada.email, ada.password)).status).toBe(200);
});

test("one address failing with random emails is locked; the admin signing in from another address is not", async () => {
  const from = (ip: string) => ({ "x-switchyard-client-address": ip });
  for (let i = 0; i < FAILED_SIGN_INS_ALLOWED; i++) {
    expect((await signIn(`guess${i}@example.com`, "wrong-password", from("192.0.2.66"))).status).toBe(401);
  }
  const locked = await signIn(ada.email, ada.password, from("192.0.2.66"));
  expect(locked.status).toBe(429);
  expect((await locked.json()).message).toMatch(/^Too many failed sign-ins from your address\./);
  expect((await signIn(ada.email, ada.password, from("192.0.2.10"))).status).toBe(200);
});

test("update-user, change-email, delete-user and sign-up are not reachable; a viewer cannot rename themselves", async () => {
  const cookie = cookieFrom(await signIn(vic.email, vic.password));
  const attempts = [
    ["/api/auth/update-user", { name: "", image: "javascript:alert(1)" }],
    ["/api/auth/update-user", { name: "Ada" }],
    ["/api/auth/change-email", { newEmail: "ada2@example.com" }],
    ["/api/auth/delete-user", {}],
    ["/api/auth/sign-up/email", { name: "Eve", email: "eve@example.com", password: "eve-password" }],
  ] as const;
  for (const [path, body] of attempts) {
    const res = await call(authRoute.POST, path, { method: "POST", cookie, body });
    expect(res.status, path).toBe(404);
  }
  const me = await (await call(meRoute.GET, "/api/me", { cookie })).json();
  expect(me.user).toMatchObject({ name: "Vic", email: vic.email });
  expect(await getDb().user.findFirst({ where: { email: vic.email } })).toMatchObject({ name: "Vic", image: null });
  expect(await getDb().user.count()).toBe(2);
});

test("get-session and list-sessions never put the session token in JSON", async () => {
  const res = await signIn(vic.email, vic.password);
  const cookie = cookieFrom(res);
  const token = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0]!;
  expect(token.length).toBeGreaterThan(10);
  for (const path of ["/api/auth/get-session", "/api/auth/list-sessions"]) {
    const read = await call(authRoute.GET, path, { cookie });
    expect(read.status, path).toBe(200);
    const text = await read.text();
    expect(text, path).not.toContain(token);
    expect(text, path).not.toMatch(/"token"/);
    expect(read.headers.get("cache-control")).toBe("no-store");
  }
});

test("changing the password ends the account's other sessions", async () => {
  const first = cookieFrom(await signIn(vic.email, vic.password));
  const second = cookieFrom(await signIn(vic.email, vic.password));
  const changed = await call(authRoute.POST, "/api/auth/change-password", {
    method: "POST",
    cookie: first,
    body: { currentPassword: vic.password, newPassword: "vic-password-2" },
  });
  expect(changed.status).toBe(200);
  expect(await changed.text()).not.toMatch(/"token"/);
  expect((await call(meRoute.GET, "/api/me", { cookie: second })).status).toBe(401);
  expect((await signIn(vic.email, "vic-password-2")).status).toBe(200);
});

test("a mutation whose Origin matches only its own Host (DNS rebinding) is refused", async () => {
  await getDb().user.deleteMany({});
  const res = await call(setupRoute.POST, "/api/setup", {
    method: "POST",
    headers: { host: "rebind.example:3000", origin: "http://rebind.example:3000" },
    body: { name: "Mallory", email: "mallory@example.com", password: "mallory-pass" },
  });
  expect(res.status).toBe(403);
  expect((await res.json()).error.message).toMatch(/set APP_URL \(or TRUSTED_ORIGINS\)/);
  expect(await getDb().user.count()).toBe(0);
  // The configured origin (APP_URL, here the default http://localhost:3000) is accepted.
  const ok = await call(setupRoute.POST, "/api/setup", { method: "POST", body: ada });
  expect(ok.status).toBe(201);
  expect(ok.headers.get("cache-control")).toBe("no-store");
});
