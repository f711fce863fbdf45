import { expect, test } from "vitest";
import { databaseKind, redactDatabaseUrl, sqlitePath } from "./url";

test.each([
  ["postgresql://app:hunter2@db:5432/sy", "postgresql://app:***@db:5432/sy"],
  ["postgresql://app:p%40ss@db/sy", "postgresql://app:***@db/sy"],
  ["postgres://db/sy?user=app&password=hunter2", "postgres://db/sy?user=app&password=***"],
  ["postgresql://app@db/sy", "postgresql://app@db/sy"],
  ["file:/data/switchyard.db", "file:/data/switchyard.db"],
])("redacts %s", (url, expected) => {
  expect(redactDatabaseUrl(url)).toBe(expected);
  expect(redactDatabaseUrl(url)).not.toContain("hunter2");
});

test("kinds and paths", () => {
  expect(databaseKind("file:./data/x.db")).toBe("sqlite");
  expect(databaseKind("postgresql://db/x")).toBe("postgres");
  expect(() => databaseKind("mysql://db/x")).toThrow(/must start with file:/);
  expect(sqlitePath("file:/tmp/x.db")).toBe("/tmp/x.db");
});
