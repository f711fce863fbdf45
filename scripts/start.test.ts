import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Runs `npm start`'s script without building; these cases all stop before serving. */
function start(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-start-"));
  const result = spawnSync(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/start.ts", "--no-build"],
    {
      cwd: ROOT,
      env: { NODE_ENV: "production", PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...env },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { ...result, dataDir, lines: result.stderr.trim().split("\n") };
}

test("an invalid setting stops start-up with one line naming the variable and the allowed values", () => {
  const run = start({ ENVIRONMENT: "prod" });
  expect(run.status).toBe(1);
  expect(run.lines).toEqual([
    'switchyard: Invalid ENVIRONMENT (got "prod"): must be one of development, staging, production.',
  ]);
});

test("a corrupt database file stops start-up with one sentence", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-corrupt-")), "x.db");
  fs.writeFileSync(file, "not sqlite ".repeat(500));
  const run = start({ DATABASE_URL: `file:${file}` });
  expect(run.status).toBe(1);
  expect(run.lines).toHaveLength(1);
  expect(run.lines[0]).toMatch(/^switchyard: The database file .*x\.db is not a valid SQLite database/);
});

test("an unreachable PostgreSQL stops start-up with one sentence and no password", () => {
  const run = start({ DATABASE_URL: "postgresql://app:pa55word@127.0.0.1:1/switchyard" });
  expect(run.status).toBe(1);
  expect(run.lines).toEqual([
    "switchyard: PostgreSQL at postgresql://app:***@127.0.0.1:1/switchyard does not answer: is the server running and listening there?",
  ]);
});
