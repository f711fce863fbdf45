import { afterAll, beforeAll } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/server/db";
import { signInEveryRole } from "@/lib/testing/accounts";
import { createTestDatabase } from "@/lib/testing/test-database";

/**
 * The set-up the API route tests share: a fresh database for the test file (made before its
 * tests, dropped after them) and, with `signIn`, one signed-in account per role. Call it at the
 * top of the file, before the file's own hooks: its `afterAll` then runs last (vitest runs
 * after-hooks in reverse order), once the file has stopped its simulator or gateway.
 *
 * The returned objects are filled in by `beforeAll`: read them inside tests and hooks.
 */
export function setUpTestDatabase(options: { signIn?: boolean } = {}): {
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  cookies: Record<Role, string>;
} {
  const db = {} as Awaited<ReturnType<typeof createTestDatabase>>;
  const cookies = {} as Record<Role, string>;
  beforeAll(async () => {
    Object.assign(db, await createTestDatabase());
    if (options.signIn) Object.assign(cookies, await signInEveryRole());
  });
  afterAll(async () => {
    await getDb().$disconnect();
    await db.drop();
  });
  return { db, cookies };
}
