import { describe, expect, test } from "vitest";
import { FAILED_SIGN_INS_ALLOWED } from "@/lib/server/sign-in-limit";
import { getDb } from "@/lib/server/db";
import { call, cookieFrom } from "@/lib/testing/http";
import * as authRoute from "./auth/[...all]/route";
import * as meRoute from "./me/route";
import * as setupRoute from "./setup/route";
import * as userRoute from "./users/[id]/route";
import * as usersRoute from "./users/route";
import { setUpTestDatabase } from "./test-support";

setUpTestDatabase();

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };

async function signIn(email: string, password: string) {
  return call(authRoute.POST, "/api/auth/sign-in/email", { method: "POST", body: { email, password } });
}

describe("first-run setup and accounts", () => {
  let adminCookie = "";

  test("a fresh database asks for the admin account", async () => {
    const res = await call(setupRoute.GET, "/api/setup");
    expect(await res.json()).toEqual({ needed: true });
  });

  test("setup validates every field and writes nothing on bad input", async () => {
    const res = await call(setupRoute.POST, "/api/setup", {
      method: "POST",
      body: { name: "", email: "nope", password: "short" },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["email", "name", "password"]);
    expect(await getDb().user.count()).toBe(0);
  });

  test("setup creates an admin and signs it in with an httpOnly, SameSite cookie", async () => {
    const res = await call(setupRoute.POST, "/api/setup", { method: "POST", body: admin });
    expect(res.status).toBe(201);
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/session_token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    adminCookie = cookieFrom(res);
    const me = await (await call(meRoute.GET, "/api/me", { cookie: adminCookie })).json();
    expect(me.user).toMatchObject({ email: admin.email, role: "admin" });
  });

  test("setup is refused once an account exists", async () => {
    const res = await call(setupRoute.POST, "/api/setup", {
      method: "POST",
      body: { name: "Mallory", email: "mallory@example.com", password: "whatever123" },
    });
    expect(res.status).toBe(409);
    expect(await getDb().user.count()).toBe(1);
  });

  test("public sign-up through better-auth is disabled", async () => {
    const res = await call(authRoute.POST, "/api/auth/sign-up/email", {
      method: "POST",
      body: { name: "Eve", email: "eve@example.com", password: "evepassword" },
    });
    expect(res.ok).toBe(false);
    expect(await getDb().user.count()).toBe(1);
  });

  test("the admin creates a viewer; duplicate emails get 409", async () => {
    const viewer = { name: "Vic Viewer", email: "vic@example.com", password: "viewer-pass", role: "viewer" };
    const res = await call(usersRoute.POST, "/api/users", { method: "POST", body: viewer, cookie: adminCookie });
    expect(res.status).toBe(201);
    expect((await res.json()).user).toMatchObject({ email: "vic@example.com", role: "viewer" });
    const again = await call(usersRoute.POST, "/api/users", { method: "POST", body: viewer, cookie: adminCookie });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain("vic@example.com");
  });

  test("the account list never contains password hashes", async () => {
    const res = await call(usersRoute.GET, "/api/users", { cookie: adminCookie });
    const text = await res.text();
    const hash = (await getDb().account.findFirst({ where: { password: { not: null } } }))!.password!;
    expect(text).not.toContain(hash);
    expect(JSON.parse(text).users).toHaveLength(2);
  });

  test("a viewer signs in but cannot reach admin actions (403), and signed-out callers get 401", async () => {
    const res = await signIn("vic@example.com", "viewer-pass");
    expect(res.status).toBe(200);
    // The session token travels only in the httpOnly cookie, never in script-readable JSON.
    const body = await res.clone().json();
    expect(body.user.email).toBe("vic@example.com");
    expect(body).not.toHaveProperty("token");
    const viewerCookie = cookieFrom(res);
    const list = await call(usersRoute.GET, "/api/users", { cookie: viewerCookie });
    expect(list.status).toBe(403);
    expect((await list.json()).error.code).toBe("forbidden");
    const create = await call(usersRoute.POST, "/api/users", {
      method: "POST",
      cookie: viewerCookie,
      body: { name: "X", email: "x@example.com", password: "xxxxxxxxx", role: "admin" },
    });
    expect(create.status).toBe(403);
    expect(await getDb().user.count()).toBe(2);
    expect((await call(usersRoute.GET, "/api/users")).status).toBe(401);
    expect((await call(meRoute.GET, "/api/me", { cookie: viewerCookie })).status).toBe(200);
  });

  test("sign-in bodies are size-limited before better-auth reads them", async () => {
    const res = await call(authRoute.POST, "/api/auth/sign-in/email", {
      method: "POST",
      rawBody: JSON.stringify({ email: "a@example.com", password: "x".repeat(20_000) }),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
  });

  test("wrong password and unknown account get the same answer", async () => {
    const wrong = await signIn("vic@example.com", "not-the-password");
    const unknown = await signIn("nobody@example.com", "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).message).toBe((await unknown.json()).message);
  });

  test("the last admin cannot be demoted or deleted; roles change otherwise", async () => {
    const users = (await (await call(usersRoute.GET, "/api/users", { cookie: adminCookie })).json()).users as {
      id: string;
      email: string;
    }[];
    const adminId = users.find((u) => u.email === admin.email)!.id;
    const vicId = users.find((u) => u.email === "vic@example.com")!.id;
    const demote = await call(userRoute.PATCH, `/api/users/${adminId}`, {
      method: "PATCH",
      cookie: adminCookie,
      params: { id: adminId },
      body: { role: "viewer" },
    });
    expect(demote.status).toBe(409);
    const self = await call(userRoute.DELETE, `/api/users/${adminId}`, {
      method: "DELETE",
      cookie: adminCookie,
      params: { id: adminId },
    });
    expect(self.status).toBe(409);
    const promote = await call(userRoute.PATCH, `/api/users/${vicId}`, {
      method: "PATCH",
      cookie: adminCookie,
      params: { id: vicId },
      body: { role: "member" },
    });
    expect((await promote.json()).user.role).toBe("member");
    const badRole = await call(userRoute.PATCH, `/api/users/${vicId}`, {
      method: "PATCH",
      cookie: adminCookie,
      params: { id: vicId },
      body: { role: "owner" },
    });
    expect(badRole.status).toBe(400);
    expect((await badRole.json()).error.message).toMatch(/^role must be one of viewer, member, admin/);
    const del = await call(userRoute.DELETE, `/api/users/${vicId}`, {
      method: "DELETE",
      cookie: adminCookie,
      params: { id: vicId },
    });
    expect(del.status).toBe(204);
    const missing = await call(userRoute.DELETE, `/api/users/${vicId}`, {
      method: "DELETE",
      cookie: adminCookie,
      params: { id: vicId },
    });
    expect(missing.status).toBe(404);
  });

  test(`after ${FAILED_SIGN_INS_ALLOWED} failed sign-ins the account and the address are refused; successes do not count`, async () => {
    const bea = { name: "Bea", email: "bea@example.com", password: "bea-password", role: "member" };
    await call(usersRoute.POST, "/api/users", { method: "POST", body: bea, cookie: adminCookie });
    const from = (ip: string, email: string, password: string) =>
      call(authRoute.POST, "/api/auth/sign-in/email", {
        method: "POST",
        // What the front door sets from the socket (lib/server/http/front-door.ts).
        headers: { "x-switchyard-client-address": ip },
        body: { email, password },
      });
    // A team behind one address signing in all day is not locked out.
    for (let i = 0; i < FAILED_SIGN_INS_ALLOWED + 5; i++) {
      expect((await from("203.0.113.9", admin.email, admin.password)).status).toBe(200);
    }

    // Failures counted in parallel are all counted.
    const statuses = await Promise.all(
      Array.from({ length: FAILED_SIGN_INS_ALLOWED }, () => from("203.0.113.7", admin.email, "wrong-password")),
    );
    expect(statuses.map((r) => r.status)).toEqual(Array(FAILED_SIGN_INS_ALLOWED).fill(401));
    const blocked = await from("203.0.113.7", admin.email, admin.password);
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).message).toMatch(
      /^Too many failed sign-ins for this account\. Try again in 10 minute\(s\)\.$/,
    );
    // Guessing the same account from another (or a spoofed) address is still refused.
    expect((await from("198.51.100.1", admin.email, admin.password)).status).toBe(429);
    // The failing address is refused for other accounts too; other addresses are not.
    const byAddress = await from("203.0.113.7", bea.email, bea.password);
    expect(byAddress.status).toBe(429);
    expect((await byAddress.json()).message).toMatch(/^Too many failed sign-ins from your address\./);
    expect((await from("203.0.113.8", bea.email, bea.password)).status).toBe(200);
  });
});
