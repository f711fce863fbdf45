import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, onTestFinished, test } from "vitest";

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

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts connections on the port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** `npm start` as a user runs it (its own process group, like a terminal's foreground job), once it serves. */
async function npmStart() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-serve-"));
  const npm = spawn("npm", ["start", "--", "--no-build"], {
    cwd: ROOT,
    detached: true,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      PORT: String(port),
      // As under Playwright: Next colours its lines, and they must still be recognised.
      FORCE_COLOR: "1",
    },
  });
  let output = "";
  npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  // Whatever happens, nothing of this start outlives the test (its whole process group).
  onTestFinished(() => {
    try {
      process.kill(-npm.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  });
  // Polls until the server answers (a wait, not a measured time); the test's timeout bounds it.
  while (!(await isListening(port))) {
    if (npm.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const health = await fetch(`http://127.0.0.1:${port}/api/health`);
  return { npm, port, exited, health, output: () => output };
}

// `next start` needs a production build; `npm test` builds before running vitest.
const built = fs.existsSync(path.join(ROOT, ".next/BUILD_ID"));

test.skipIf(!built)(
  "npm start says where it serves in one line, and `kill <pid of npm start>` stops the server",
  async () => {
    const run = await npmStart();
    expect(run.health.status).toBe(200);
    run.npm.kill("SIGTERM");
    await run.exited;
    // npm only exits once the server has: nothing may keep the port.
    expect(await isListening(run.port)).toBe(false);
    const lines = run.output().trim().split("\n");
    expect(lines).toContain(`Switchyard (environment: development) on http://localhost:${run.port}`);
    expect(run.output()).not.toMatch(/telemetry|▲ Next\.js|- Network:|Running next\.config/i);
  },
  90_000,
);

test.skipIf(!built)(
  "Ctrl-C (SIGINT to the terminal's process group) stops npm start and the server",
  async () => {
    const run = await npmStart();
    process.kill(-run.npm.pid!, "SIGINT");
    await run.exited;
    expect(await isListening(run.port)).toBe(false);
  },
  90_000,
);
