/**
 * `npm start`: validates the configuration, builds the app if the build is missing or
 * older than the sources, applies pending migrations, then serves (front door + Next, in this process).
 * Run it with `tsx --conditions=react-server` (as `npm start` does): server modules guard
 * themselves with the `server-only` package, which resolves to nothing under that condition.
 * Every failure before serving is one clear line, never a stack trace.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describeDatabaseError } from "../lib/db/errors";
import { deployMigrations } from "../lib/db/migrate";
import { redactDatabaseUrl } from "../lib/db/url";
import { EnvError, loadEnv, type Env } from "../lib/env";

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules/.bin/next");
const SOURCES = [
  "app",
  "lib",
  "public",
  "next.config.ts",
  "package.json",
  "postcss.config.mjs",
  "prisma/models.prisma",
];

function fail(message: string): never {
  console.error(`switchyard: ${message}`);
  process.exit(1);
}

/** Newest modification time under the given paths (generated code excluded). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!fs.existsSync(p) || p.includes(`${path.sep}generated`)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of paths) visit(path.join(ROOT, p));
  return newest;
}

function buildIfNeeded(): void {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestMtime(SOURCES)) return;
  console.log("switchyard: building the app (first start or sources changed)…");
  const result = spawnSync(NEXT_BIN, ["build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) fail("the build failed; see the output above.");
}

async function migrate(env: Env): Promise<void> {
  try {
    const applied = await deployMigrations(env.databaseUrl);
    const where = redactDatabaseUrl(env.databaseUrl);
    console.log(
      applied.length
        ? `switchyard: applied ${applied.length} migration(s) to ${where}`
        : `switchyard: database ${where} is up to date`,
    );
  } catch (err) {
    fail(describeDatabaseError(err, env.databaseUrl));
  }
}

async function main(): Promise<void> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }
  if (!process.argv.includes("--no-build")) buildIfNeeded();
  await migrate(env);
  // The server runs in this process (lib/server/http/serve.ts: the front door, then Next's
  // handler), so stopping this process — Ctrl-C, or a signal to its PID — stops the server.
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { serveApp } = await import("../lib/server/http/serve");
  try {
    await serveApp({ port: env.port, root: ROOT });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") fail(`port ${env.port} is already in use; stop what listens there or set PORT.`);
    throw err;
  }
  console.log(`switchyard: Switchyard (environment: ${env.environment}) on ${env.appUrl}`);
  // Stopped by a signal: exit the conventional 128 + signal number, not 0.
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)
    process.on(signal, () => process.exit(code));
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
