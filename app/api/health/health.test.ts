import fs from "node:fs";
import { expect, test } from "vitest";
import { getDb } from "@/lib/server/db";
import { sqlitePath } from "@/lib/db/url";
import { call } from "@/lib/testing/http";
import { GET } from "./route";
import { setUpTestDatabase } from "../test-support";

const { db } = setUpTestDatabase();

test("reports version, database kind and that the database answers, without auth", async () => {
  const res = await call(GET, "/api/health");
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({
    status: "ok",
    version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    database: { ok: true },
  });
  expect(["sqlite", "postgres"]).toContain(body.database.kind);
  expect(JSON.stringify(body)).not.toContain(db.dataDir);
});

test.runIf(!process.env.TEST_DATABASE_URL)(
  "a database that stops answering is reported in one sentence (503)",
  async () => {
    await getDb().$disconnect();
    const file = sqlitePath(db.url);
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    fs.writeFileSync(file, "garbage ".repeat(1000));
    const res = await call(GET, "/api/health");
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe("degraded");
    expect(body.database.message).toMatch(/is not a valid SQLite database/);
  },
);
