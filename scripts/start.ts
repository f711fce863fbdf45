/**
 * `npm start`: validates the configuration, builds the app if the build is missing or
 * older than the sources, applies pending migrations, then serves with `next start`.
 * Every failure before serving is one clear line, never a stack trace.
 */
import { spawn, spawnSync } from "node:child_process";
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
  console.log(`switchyard: serving ${env.environment} on ${env.appUrl}`);
  // The PID we hold is the server itself (not an npx wrapper), so stopping us stops it.
  const server = spawn(NEXT_BIN, ["start", "--port", String(env.port)], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  // Stopped by a signal: exit the conventional 128 + signal number, not 0.
  server.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
