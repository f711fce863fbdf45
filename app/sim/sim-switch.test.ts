/**
 * /sim serves the simulator only when SIMULATOR is on (default: development only), and
 * "Add simulated providers" refuses when it is off — providers pointing there would not answer.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/server/db";
import { signInEveryRole } from "@/lib/testing/accounts";
import { call } from "@/lib/testing/http";
import { createTestDatabase } from "@/lib/testing/test-database";
import * as simulatedRoute from "../api/providers/simulated/route";
import * as simRoute from "./[[...path]]/route";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cookies: Record<Role, string>;
beforeAll(async () => {
  // Production-like: ENVIRONMENT=production and no SIMULATOR setting.
  process.env.ENVIRONMENT = "production";
  db = await createTestDatabase();
  cookies = await signInEveryRole();
});
afterAll(async () => {
  delete process.env.ENVIRONMENT;
  await getDb().$disconnect();
  await db.drop();
});

test("with ENVIRONMENT=production and no SIMULATOR, /sim answers 404 saying how to turn it on", async () => {
  const res = await simRoute.GET(new Request("http://localhost:3000/sim/openai/v1/models"));
  expect(res.status).toBe(404);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("simulator_off");
  expect(body.error.message).toMatch(/SIMULATOR=on/);
});

test("Add simulated providers is refused while the simulator is off, and creates nothing", async () => {
  const res = await call(simulatedRoute.POST, "/api/providers/simulated", { method: "POST", cookie: cookies.admin });
  expect(res.status).toBe(409);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/simulator is off/);
  expect(await getDb().provider.count()).toBe(0);
});
