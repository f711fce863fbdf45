/**
 * `npm start`: validates the configuration, builds the app if the build is missing or
 * older than the sources, applies pending migrations, then serves (front door + Next, in this
 * process). Run under the react-server condition (`npm start` does): server modules guard
 * themselves with the `server-only` package, which resolves to nothing under it.
 * Every failure before serving is one clear line, never a stack trace; a working start
 * prints a handful of lines, none of which reads like a failure.
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
/** Next's anonymous telemetry stays off (and so does its notice) unless the user set the variable. */
const CHILD_ENV = { NEXT_TELEMETRY_DISABLED: "1", ...process.env };

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

/** Builds quietly: Next's route table means nothing to someone starting the app; it is shown only if the build fails. */
function buildIfNeeded(): void {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestMtime(SOURCES)) return;
  console.log("switchyard: building the app (first start, or the sources changed); this takes a minute or two…");
  const started = Date.now();
  const result = spawnSync(NEXT_BIN, ["build"], {
    cwd: ROOT,
    env: CHILD_ENV,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    fail("the build failed; see the output above.");
  }
  console.log(`switchyard: built in ${Math.round((Date.now() - started) / 1000)} s`);
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

/**
 * Serves in this process (lib/server/http/serve.ts: the front door, then Next's request
 * handler), so a signal to us (Ctrl-C, `kill <pid of npm start>`, `docker stop`) stops the
 * server, and so does our own parent going away without a signal reaching us (a shell in
 * between that exits, npm killed with SIGKILL): the port is never left bound by an orphan.
 */
async function serve(env: Env): Promise<void> {
  Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: CHILD_ENV.NEXT_TELEMETRY_DISABLED });
  const { serveApp } = await import("../lib/server/http/serve");
  try {
    await serveApp({ port: env.port, root: ROOT });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      fail(`port ${env.port} is already in use; stop what listens there or set PORT.`);
    }
    throw err;
  }
  console.log(`Switchyard (environment: ${env.environment}) on ${env.appUrl}`);
  // Stopped by a signal: exit the conventional 128 + signal number, not 0.
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const signal of Object.keys(codes) as (keyof typeof codes)[])
    process.on(signal, () => process.exit(codes[signal]));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(143), 1000).unref();
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
  await serve(env);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
