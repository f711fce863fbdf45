import { expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { call } from "@/lib/testing/http";
import * as route from "./preferences/route";
import { setUpTestDatabase } from "../test-support";

const { cookies } = setUpTestDatabase({ signIn: true });

const read = async (role: Role) =>
  (await (await call(route.GET, "/api/me/preferences", { cookie: cookies[role] })).json()).preferences;

test("each account remembers its own matrix orientation, viewers included", async () => {
  expect(await read("viewer")).toEqual({ matrixOrientation: null });
  const saved = await call(route.PATCH, "/api/me/preferences", {
    method: "PATCH",
    cookie: cookies.viewer,
    body: { matrixOrientation: "providers" },
  });
  expect(saved.status).toBe(200);
  expect(await read("viewer")).toEqual({ matrixOrientation: "providers" });
  // Another account is not affected.
  expect(await read("admin")).toEqual({ matrixOrientation: null });
});

test("a value outside the vocabulary is refused naming the field, and signed-out callers get 401", async () => {
  const bad = await call(route.PATCH, "/api/me/preferences", {
    method: "PATCH",
    cookie: cookies.member,
    body: { matrixOrientation: "diagonal" },
  });
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.message).toMatch(/^matrixOrientation must be one of providers, features/);
  expect((await call(route.GET, "/api/me/preferences")).status).toBe(401);
});
