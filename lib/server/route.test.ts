import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { signInEveryRole } from "@/lib/testing/accounts";
import { createTestDatabase } from "@/lib/testing/test-database";
import { call } from "@/lib/testing/http";
import { getDb } from "./db";
import { withRoute } from "./route";
import type { SessionUser } from "./session";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cookies: Record<Role, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  cookies = await signInEveryRole();
});
afterAll(async () => {
  await getDb().$disconnect();
  await db.drop();
});

const echo = (access: Role) => withRoute({ access }, async ({ user }) => ({ role: user?.role }));

describe("withRoute access control", () => {
  test.each(ROLES.flatMap((required) => ROLES.map((caller) => [required, caller] as const)))(
    "route for %s called by %s",
    async (required, caller) => {
      const res = await call(echo(required), "/x", { cookie: cookies[caller] });
      const allowed = ROLES.indexOf(caller) >= ROLES.indexOf(required);
      expect(res.status).toBe(allowed ? 200 : 403);
      if (allowed) expect(await res.json()).toEqual({ role: caller });
      else expect((await res.json()).error.message).toContain(`needs the ${required} role`);
    },
  );

  test("signed out gets 401; a forged cookie is signed out", async () => {
    expect((await call(echo("viewer"), "/x")).status).toBe(401);
    expect((await call(echo("viewer"), "/x", { cookie: "better-auth.session_token=forged.value" })).status).toBe(401);
  });

  test("public routes need no session", async () => {
    expect(
      (
        await call(
          withRoute({ access: "public" }, async () => ({ ok: true })),
          "/x",
        )
      ).status,
    ).toBe(200);
  });
});

describe("withRoute's typed context", () => {
  test("user is non-null unless the route is public (checked by tsc), and so at run time", async () => {
    const member = withRoute({ access: "member" }, async ({ user }) => {
      expectTypeOf(user).toEqualTypeOf<SessionUser>();
      return { id: user.id };
    });
    const open = withRoute({ access: "public" }, async ({ user }) => {
      expectTypeOf(user).toEqualTypeOf<null>();
      return { user };
    });
    // The older form with spelled-out generics still compiles, with a nullable user.
    const old = withRoute<undefined, undefined, { id: string }>({ access: "viewer" }, async ({ user, params }) => {
      expectTypeOf(user).toEqualTypeOf<SessionUser | null>();
      expectTypeOf(params).toEqualTypeOf<{ id: string }>();
      return { id: user?.id, param: params.id };
    });
    expect((await (await call(member, "/x", { cookie: cookies.member })).json()).id).toEqual(expect.any(String));
    expect(await (await call(open, "/x")).json()).toEqual({ user: null });
    expect((await (await call(old, "/x", { cookie: cookies.viewer, params: { id: "p1" } })).json()).param).toBe("p1");
  });

  test("a params schema parses the segments: its output is the handler's params, a mismatch is a 400", async () => {
    const params = z.object({ id: z.string().regex(/^run_/, "must start with run_") });
    const route = withRoute({ access: "viewer", params }, async ({ params }) => {
      expectTypeOf(params).toEqualTypeOf<{ id: string }>();
      return { id: params.id };
    });
    const ok = await call(route, "/x", { cookie: cookies.viewer, params: { id: "run_1" } });
    expect(await ok.json()).toEqual({ id: "run_1" });
    const bad = await call(route, "/x", { cookie: cookies.viewer, params: { id: "nope" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe("id must start with run_");
  });
});

describe("withRoute input and errors", () => {
  const body = z.object({
    name: z.string().min(2, "must be at least 2 characters"),
    nested: z.object({ n: z.number() }),
  });
  const create = withRoute({ access: "member", body, maxBodyBytes: 1024 }, async ({ body }) => ({ got: body }));

  test("valid JSON body is parsed and passed on", async () => {
    const res = await call(create, "/x", {
      method: "POST",
      cookie: cookies.member,
      body: { name: "ok", nested: { n: 1 } },
    });
    expect(await res.json()).toEqual({ got: { name: "ok", nested: { n: 1 } } });
  });

  test("invalid fields get 400 with every field path", async () => {
    const res = await call(create, "/x", {
      method: "POST",
      cookie: cookies.member,
      body: { name: "x", nested: { n: "1" } },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("validation_failed");
    expect(error.message).toBe("name must be at least 2 characters");
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(["name", "nested.n"]);
  });

  test("oversized bodies get 413, even without a Content-Length", async () => {
    const big = JSON.stringify({ name: "x".repeat(2000), nested: { n: 1 } });
    const res = await call(create, "/x", {
      method: "POST",
      cookie: cookies.member,
      rawBody: big,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });

  test("non-JSON bodies get 415 and malformed JSON 400", async () => {
    const form = await call(create, "/x", {
      method: "POST",
      cookie: cookies.member,
      rawBody: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    const broken = await call(create, "/x", {
      method: "POST",
      cookie: cookies.member,
      rawBody: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.message).toMatch(/not valid JSON/);
  });

  test("a mutation from another site is refused before anything runs", async () => {
    let ran = false;
    const handler = withRoute({ access: "member" }, async () => {
      ran = true;
      return {};
    });
    const res = await call(handler, "/x", {
      method: "POST",
      cookie: cookies.admin,
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    const opaque = await call(handler, "/x", { method: "POST", cookie: cookies.admin, headers: { origin: "null" } });
    expect(opaque.status).toBe(403);
    const site = await call(handler, "/x", {
      method: "POST",
      cookie: cookies.admin,
      headers: { origin: "", "sec-fetch-site": "cross-site" },
    });
    expect(site.status).toBe(403);
    expect(ran).toBe(false);
  });

  test("AppError keeps its status; Prisma not-found is 404; unknown errors are 500 without internals", async () => {
    const conflict = withRoute({ access: "public" }, async () => {
      throw new AppError("conflict", "changed by someone else since you opened it");
    });
    const res = await call(conflict, "/x");
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: "conflict", message: "changed by someone else since you opened it" },
    });

    const missing = withRoute({ access: "public" }, async () =>
      getDb().user.update({ where: { id: "nope" }, data: { name: "x" } }),
    );
    expect((await call(missing, "/x")).status).toBe(404);

    const boom = withRoute({ access: "public" }, async () => {
      throw new Error("SELECT * FROM secret_table at /srv/app/internal.ts:12");
    });
    const out = await call(boom, "/x");
    expect(out.status).toBe(500);
    const text = await out.text();
    expect(text).not.toContain("secret_table");
    expect(JSON.parse(text).error.message).toMatch(/error id [0-9a-f-]{36}/);
  });
});
