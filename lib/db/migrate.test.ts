import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "@/lib/server/db";
import { createTestDatabase } from "@/lib/testing/test-database";
import { checkMigrations, createMigration, deployMigrations, migrationStatus } from "./migrate";
import { PRISMA_DIR } from "./schema-engine";
import { databaseKind } from "./url";

// Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (CI's second run).
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test("the committed migrations match prisma/models.prisma for both databases", async () => {
  expect(await checkMigrations()).toEqual([]);
});

test("deploying again applies nothing and keeps the data", async () => {
  const client = createDb(db.url);
  await client.user.create({ data: { id: "u1", name: "Kept", email: "kept@example.com" } });
  await client.$disconnect();
  expect(await deployMigrations(db.url)).toEqual([]);
  const again = createDb(db.url);
  expect(await again.user.findUnique({ where: { id: "u1" } })).toMatchObject({ name: "Kept" });
  await again.$disconnect();
  expect(await migrationStatus(db.url)).toMatchObject({ applied: true, pending: [], problem: null });
});

test("a new SQLite database file and its WAL are private to this user (0600); an old world-readable one is narrowed", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-mode-"));
  const file = path.join(dir, "app.db");
  const url = `file:${file}`;
  await deployMigrations(url);
  const client = createDb(url);
  await client.user.create({ data: { id: "u2", name: "Mode", email: "mode@example.com" } });
  for (const f of [file, `${file}-wal`]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
  await client.$disconnect();
  fs.chmodSync(file, 0o644);
  await deployMigrations(url);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("changing the schema", () => {
  let prismaDir: string;
  beforeAll(() => {
    prismaDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-prisma-")), "prisma");
    // Symlinks stay relative (sqlite/models.prisma -> ../models.prisma) so the copy is self-contained.
    fs.cpSync(PRISMA_DIR, prismaDir, { recursive: true, verbatimSymlinks: true });
    const models = path.join(prismaDir, "models.prisma");
    fs.writeFileSync(
      models,
      fs
        .readFileSync(models, "utf8")
        .replace("  image         String?\n", "  image         String?\n  nickname      String?\n"),
    );
  });

  test("an unmigrated change is reported", async () => {
    expect(await checkMigrations(prismaDir)).toEqual([expect.stringMatching(/changed since the last migration/)]);
  });

  test("db:migrate writes one migration per database, and deploy applies it without losing data", async () => {
    const written = await createMigration("add_nickname", prismaDir, new Date("2030-01-02T03:04:05Z"));
    expect(written.map((w) => path.relative(prismaDir, w))).toEqual([
      "sqlite/migrations/20300102030405_add_nickname",
      "postgres/migrations/20300102030405_add_nickname",
    ]);
    const pgSql = fs.readFileSync(path.join(written[1]!, "migration.sql"), "utf8");
    expect(pgSql).toMatch(/ALTER TABLE "user" ADD COLUMN\s+"nickname" TEXT/);
    expect(await checkMigrations(prismaDir)).toEqual([]);
    expect(await createMigration("nothing_changed", prismaDir)).toEqual([]);

    expect((await migrationStatus(db.url, prismaDir)).pending).toEqual(["20300102030405_add_nickname"]);
    expect(await deployMigrations(db.url, prismaDir)).toEqual(["20300102030405_add_nickname"]);
    const client = createDb(db.url);
    const query =
      databaseKind(db.url) === "sqlite"
        ? `SELECT nickname, name FROM "user" WHERE id = 'u1'`
        : `SELECT nickname, name FROM "user" WHERE id = 'u1'`;
    expect(await client.$queryRawUnsafe(query)).toEqual([{ nickname: null, name: "Kept" }]);
    await client.$disconnect();
  });

  test("migration names are checked", async () => {
    await expect(createMigration("Bad Name!", prismaDir)).rejects.toThrow(/lower-case letters, digits and underscores/);
  });
});
