import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { describeDatabaseError } from "./errors";
import { deployMigrations } from "./migrate";

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-dberr-"));

test("a corrupt SQLite file is named as such", async () => {
  const file = path.join(dir(), "broken.db");
  fs.writeFileSync(file, "this is not a database, just text ".repeat(200));
  const url = `file:${file}`;
  const err = await deployMigrations(url).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).not.toBeNull();
  expect(describeDatabaseError(err, url)).toBe(
    `The database file ${file} is not a valid SQLite database (corrupt or another kind of file); restore it from a backup or move it away to start fresh.`,
  );
});

test("a read-only SQLite database is named as such", () => {
  // Root ignores file modes, so open the file read-only the way a read-only mount would.
  const file = path.join(dir(), "ro.db");
  new Database(file).exec("CREATE TABLE t (x)");
  const ro = new Database(file, { readonly: true });
  let err: unknown;
  try {
    ro.exec("INSERT INTO t VALUES (1)");
  } catch (e) {
    err = e;
  }
  expect(describeDatabaseError(err, `file:${file}`)).toMatch(/^The database file .*ro\.db cannot be written/);
});

test("a PostgreSQL server that does not answer is one sentence, without the password", async () => {
  const url = "postgresql://switchyard:hunter2@127.0.0.1:1/switchyard";
  const err = await deployMigrations(url).then(
    () => null,
    (e: unknown) => e,
  );
  const sentence = describeDatabaseError(err, url);
  expect(sentence).toBe(
    "PostgreSQL at postgresql://switchyard:***@127.0.0.1:1/switchyard does not answer: is the server running and listening there?",
  );
  expect(sentence).not.toContain("hunter2");
});
