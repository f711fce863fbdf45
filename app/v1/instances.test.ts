import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { revokeKey } from "@/lib/server/gateway/keys";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { type RunningGateway, addKey, addRoute, startGateway } from "@/lib/testing/gateway";
import { createTestDatabase } from "@/lib/testing/test-database";
import { stopTestBed } from "@/lib/testing/test-bed";

/**
 * Two instances on one database (PostgreSQL in CI's second run, else one SQLite file): a
 * key revoked on one is refused by the other within 5 s, and a key's requests per minute
 * hold across both. The second instance is a real process of its own.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: RunningSimulator;
let here: RunningGateway;
let other: { url: string; process: ChildProcess };

async function startOtherInstance(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "lib/testing/gateway-instance.ts"],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: db.dataDir, NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the second instance exited (${code})`)));
    lines.on("line", (line) => {
      if (line.startsWith("{")) resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  return { url, process: child };
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 9 });
  db = await createTestDatabase();
  const openai = await createSimulatedProvider(sim.url, "openai", { name: "Sim OpenAI" });
  await addRoute("default", [{ providerId: openai, model: "gpt-4o-mini" }]);
  here = await startGateway();
  other = await startOtherInstance();
}, 60_000);

afterAll(async () => {
  other?.process.kill("SIGTERM");
  await stopTestBed({ gateway: here, simulators: [sim], db });
});

const clientOf = (url: string, secret: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey: secret, maxRetries: 0 });

test("a key created on one instance works on the other at once; revoked, it is refused there within 5 s", async () => {
  await clientOf(other.url, (await addKey()).secret).models.list(); // the other instance has its snapshot
  const key = await addKey();
  const there = clientOf(other.url, key.secret);
  await there.models.list();
  await revokeKey(key.id);
  await expect
    .poll(
      () =>
        there.models.list().then(
          () => "accepted",
          (e: unknown) => (e instanceof OpenAI.AuthenticationError ? "refused" : String(e)),
        ),
      {
        timeout: 5000,
        interval: 200,
      },
    )
    .toBe("refused");
});

test("a key's requests per minute hold across instances", async () => {
  // Counts are per calendar minute: start well inside one.
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
  const key = await addKey({ rpm: 4 });
  const a = clientOf(here.url, key.secret);
  const b = clientOf(other.url, key.secret);
  for (let i = 0; i < 3; i++) await a.models.list();
  // Instance A adds its count to the shared one within a second; B then admits one more…
  await new Promise((r) => setTimeout(r, 1500));
  await b.models.list();
  // …and, once B has synced too, neither admits a fifth.
  await new Promise((r) => setTimeout(r, 1500));
  await expect(b.models.list()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  await expect(a.models.list()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
}, 90_000);
