import { expect, test } from "vitest";
import { getDb } from "@/lib/server/db";
import { call } from "@/lib/testing/http";
import { POST } from "./route";
import { setUpTestDatabase } from "../test-support";

setUpTestDatabase();

test("two simultaneous first visits: exactly one becomes admin", async () => {
  const visit = (n: number) =>
    call(POST, "/api/setup", {
      method: "POST",
      body: { name: `Racer ${n}`, email: `racer${n}@example.com`, password: "racing-password" },
    });
  const statuses = (await Promise.all([visit(1), visit(2), visit(3)])).map((r) => r.status).sort();
  expect(statuses).toEqual([201, 409, 409]);
  const users = await getDb().user.findMany();
  expect(users).toHaveLength(1);
  expect(users[0]!.role).toBe("admin");
});
