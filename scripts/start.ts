/**
 * `npm start`: validates the configuration, builds the app if the build is missing or
 * older than the sources, applies pending migrations, then serves with `next start`.
 * Every failure before serving is one clear line, never a stack trace; a working start
 * prints a handful of lines, none of which reads like a failure.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
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

/** Lines of `next start`'s banner, replaced by one line of ours once it is ready. */
const NEXT_BANNER = /^\s*(▲ Next\.js|- (Local|Network|Environments?|Experiments?):|✓ Starting|✓ Ready in|$)/;
/** Next's timing notes, whenever they come. */
const NEXT_NOISE = /^\s*✓ Running next\.config\.\w+ took/;

/**
 * Serves with `next start` and stays its parent: a signal to us (Ctrl-C, `kill <pid of
 * npm start>`, `docker stop`) stops it, and so does our own parent going away without a
 * signal reaching us (a shell in between that exits, npm killed with SIGKILL), so the port
 * is never left bound by an orphan.
 */
function serve(env: Env): void {
  const server = spawn(NEXT_BIN, ["start", "--port", String(env.port)], {
    cwd: ROOT,
    stdio: ["inherit", "pipe", "inherit"],
    env: { ...CHILD_ENV, NODE_ENV: "production" },
  });
  let ready = false;
  readline.createInterface({ input: server.stdout }).on("line", (line) => {
    // Next colours its output when FORCE_COLOR is set (Playwright does): compare without colours.
    const text = line.replace(/\x1b\[[0-9;]*m/g, "");
    if (NEXT_NOISE.test(text)) return;
    if (ready || !NEXT_BANNER.test(text)) return void console.log(line);
    if (/✓ Ready in/.test(text)) {
      ready = true;
      console.log(`Switchyard (environment: ${env.environment}) on ${env.appUrl}`);
    }
  });
  const stop = (signal: NodeJS.Signals) => {
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(signal));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop("SIGTERM"), 1000).unref();
  // Stopped by a signal: exit the conventional 128 + signal number, not 0.
  server.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
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
  serve(env);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
