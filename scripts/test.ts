/**
 * `npm test`: every check the project has, in order, stopping at the first failure —
 * types, lint, formatting, migrations in step with the schema, a production build, vitest
 * (unit + integration on a real database file), then Playwright in the system Chromium.
 * Ends with one line counting the tests that ran.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-test-"));
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(title: string, command: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed.`);
    printCounts();
    process.exit(result.status ?? 1);
  }
}

/** Installs Debian's Chromium when it is missing and we can (root with apt); else says how. */
function ensureChromium(): void {
  if (fs.existsSync(chromium)) return;
  const canApt = process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get");
  if (!canApt) {
    console.error(
      `✗ Chromium not found at ${chromium}: run \`sudo apt-get install -y chromium\` or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  run("installing Debian's chromium for the browser tests", "sh", [
    "-c",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
  ]);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function printCounts(): void {
  const vitest = readJson(path.join(reports, "vitest.json")) as {
    numPassedTests?: number;
    numFailedTests?: number;
  } | null;
  const pw = readJson(path.join(reports, "playwright.json")) as {
    stats?: { expected?: number; unexpected?: number; flaky?: number };
  } | null;
  const passed = (vitest?.numPassedTests ?? 0) + (pw?.stats?.expected ?? 0) + (pw?.stats?.flaky ?? 0);
  const failed = (vitest?.numFailedTests ?? 0) + (pw?.stats?.unexpected ?? 0);
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
}

run("typecheck", bin("tsc"), ["--noEmit"]);
run("lint", bin("eslint"), [".", "--max-warnings", "0"]);
run("format", bin("prettier"), ["--check", "."]);
run("migrations match the schema", bin("tsx"), ["scripts/db.ts", "check"]);
// Built before vitest: scripts/start.test.ts serves the build to check that stopping `npm start` stops the server.
run("production build", bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
run("unit and integration tests (vitest)", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${path.join(reports, "vitest.json")}`,
]);
ensureChromium();
run("end-to-end tests (Playwright, system Chromium)", bin("playwright"), ["test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, "playwright.json"),
  CHROMIUM_PATH: chromium,
});
printCounts();
