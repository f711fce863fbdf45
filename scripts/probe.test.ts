import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { getDb } from "@/lib/server/db";
import { PLANTED_KEY, createSimulatedProvider } from "@/lib/server/probes/test-support";
import { createTestDatabase } from "@/lib/testing/test-database";

const ROOT = path.resolve(import.meta.dirname, "..");

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 9 });
  db = await createTestDatabase();
  await createSimulatedProvider(sim.url, "ollama", { name: "Team Ollama" });
});
afterAll(async () => {
  await sim.stop();
  await getDb().$disconnect();
  await db.drop();
});

/** Runs `npm run probe -- …` (asynchronously: the simulator answers from this process). */
function probe(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/probe.ts", ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: db.dataDir, DATABASE_URL: db.url },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

type JsonReport = {
  model: string;
  ok: boolean;
  unmet: string[];
  results: { feature: string; verdict: string; reason: string; evidence: unknown }[];
};

test("--format json against a base URL: parses, exit 0 when every --require'd feature is supported", async () => {
  const run = await probe([
    "--provider",
    `${sim.url}/lmstudio/v1`,
    "--kind",
    "lmstudio",
    "--api-key",
    PLANTED_KEY,
    "--features",
    "chat,json_mode,tools",
    "--require",
    "chat,tools",
    "--format",
    "json",
  ]);
  expect(run.stderr).toMatch(/\[ 3\/3\]/);
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout) as JsonReport;
  expect(report).toMatchObject({ model: "qwen2.5-7b-instruct", ok: true, unmet: [] });
  expect(Object.fromEntries(report.results.map((r) => [r.feature, r.verdict]))).toEqual({
    chat: "supported",
    json_mode: "unsupported",
    tools: "supported",
  });
  expect(run.stdout).not.toContain(PLANTED_KEY);
}, 90_000);

test("exit 1 when a --require'd feature is not supported; Markdown table with ✅ ⚠️ ❌ ➖", async () => {
  const run = await probe([
    "--provider",
    `${sim.url}/lmstudio/v1`,
    "--kind",
    "lmstudio",
    "--model",
    "qwen2.5-7b-instruct",
    "--features",
    "chat,tool_choice,vision",
    "--require",
    "json_mode",
    "--format",
    "markdown",
  ]);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("required but not supported: json_mode");
  const lines = run.stdout.split("\n");
  expect(lines).toContain("| Feature | Verdict | Reason |");
  expect(run.stdout).toMatch(/\| Chat completion \(`chat`\) \| ✅ supported \|/);
  expect(run.stdout).toMatch(/\| JSON mode \(`json_mode`\) \| ❌ unsupported \| HTTP 400 only when `response_format/);
  expect(run.stdout).toMatch(/\| Forced tool choice \(`tool_choice`\) \| ⚠️ partial \|/);
  expect(run.stdout).toMatch(/\| Vision \(image input\) \(`vision`\) \| ➖ skipped \|/);
}, 90_000);

test("a stored provider by name: the run is stored with trigger cli; unknown names exit 2", async () => {
  const run = await probe(["--provider", "Team Ollama", "--features", "chat,n", "--require", "chat"]);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/Team Ollama · llama3\.1:8b, server 0\.12\.6/);
  expect(run.stdout).toMatch(/^n\s+partial\s+\d+ ms\s+Accepted n: 2, but returned one choice\./m);
  const stored = await getDb().probeRun.findFirstOrThrow({ where: { trigger: "cli" }, include: { results: true } });
  expect(stored.status).toBe("completed");
  expect(stored.results.map((r) => r.feature).sort()).toEqual(["chat", "n"]);

  const missing = await probe(["--provider", "Nobody"]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('no provider named "Nobody" (known: Team Ollama)');
  const badFeature = await probe(["--provider", "Team Ollama", "--require", "telepathy"]);
  expect(badFeature.status).toBe(2);
  expect(badFeature.stderr).toMatch(/Unknown feature\(s\): telepathy/);
}, 120_000);

test("without --kind the server's kind is identified from its own endpoints (version and declarations read)", async () => {
  const run = await probe(["--provider", `${sim.url}/ollama/v1`, "--features", "vision", "--format", "json"]);
  expect(run.stderr).toContain("identified ollama 0.12.6 (GET /api/version)");
  const report = JSON.parse(run.stdout) as JsonReport & { serverVersion: string | null };
  expect(report.serverVersion).toBe("0.12.6");
  // llama3.1 declares no vision in Ollama's /api/show: read only because the kind was identified.
  expect(report.results[0]).toMatchObject({ feature: "vision", verdict: "skipped" });
}, 90_000);

test("exit 3 when the provider cannot be reached at all, with or without --model", async () => {
  const net = await import("node:net");
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as import("node:net").AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  const dead = `http://127.0.0.1:${port}/v1`;
  const withoutModel = await probe(["--provider", dead]);
  expect(withoutModel.status).toBe(3);
  expect(withoutModel.stderr).toContain(`could not reach the provider at ${dead}: the connection was refused`);
  expect(withoutModel.stderr).not.toContain("--model is needed");
  const withModel = await probe(["--provider", dead, "--kind", "custom", "--model", "m", "--features", "chat,n"]);
  expect(withModel.status).toBe(3);
  expect(withModel.stderr).toMatch(/provider unreachable: could not connect/);
}, 90_000);
