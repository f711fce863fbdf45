/** `npm run simulator`: spawns scripts/simulator.ts, reads the printed URLs, uses one, stops it. */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { PROFILES } from "./index";

const ROOT = path.resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

function readUntil(proc: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${out}`)), timeoutMs);
    proc.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    proc.once("exit", (code) => reject(new Error(`exited with ${code}; output:\n${out}`)));
  });
}

test("prints every profile's base URL, serves /v1/models and stops on SIGTERM", async () => {
  child = spawn(process.execPath, ["--import", "tsx", "scripts/simulator.ts", "--port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = await readUntil(child, /API key for \+auth/, 30_000);
  const lines = [...output.matchAll(/(http:\/\/127\.0\.0\.1:\d+\/([\w-]+)\/v1) {2}\((.+)\)\s*$/gm)];
  const urls = new Map(lines.map((m) => [m[2], m[1]]));
  expect([...urls.keys()].sort()).toEqual(PROFILES.map((p) => p.name).sort());
  // Each line names the server version the profile reproduces.
  for (const m of lines)
    expect(m[3]).toBe(
      `${PROFILES.find((p) => p.name === m[2])?.label} ${PROFILES.find((p) => p.name === m[2])?.version}`,
    );

  const res = await fetch(`${urls.get("ollama")}/models`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { object: string; data: { id: string }[] };
  expect(body.object).toBe("list");
  expect(body.data.map((m) => m.id)).toContain("llama3.1:8b");

  const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  await expect(fetch(`${urls.get("ollama")}/models`)).rejects.toThrow();
}, 40_000);
