/**
 * The built app for `npm run bench`: started with `npm start`'s script on a fresh data
 * folder (the embedded SQLite default), its first admin made, and JSON calls to its API.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type BenchApp = { url: string; pid: number; stop: () => void };

/** Starts the built app (`npm start`'s script) on a fresh data folder; resolves with its URL and a stop. */
export async function startApp(): Promise<BenchApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-"));
  const port = 3900 + Math.floor(Math.random() * 90);
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), APP_URL: url };
  delete env.DATABASE_URL; // the embedded SQLite default, in the fresh data folder
  const child = spawn(process.execPath, [...process.execArgv, "scripts/start.ts"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () => {
    child.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, pid: child.pid!, stop };
    if (Date.now() > deadline) {
      stop();
      throw new Error("the app did not start within 180 s");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Creates the first admin; resolves with the session cookie. */
export async function signUpAdmin(url: string): Promise<string> {
  const setup = await fetch(`${url}/api/setup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ name: "Bench", email: "bench@example.com", password: "bench-password-1" }),
  });
  if (!setup.ok) throw new Error(`setup: HTTP ${setup.status} ${await setup.text()}`);
  return setup.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** POSTs JSON to the app's API as the signed-in admin; resolves with the parsed answer. */
export async function apiPost<T>(app: BenchApp, cookie: string, route: string, body: unknown): Promise<T> {
  const res = await fetch(`${app.url}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, cookie },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
