/**
 * `npm run bench`, gateway section: the same requests sent straight to the simulator and
 * through the gateway of the built app (`npm start`: `/v1` served by the front door ahead
 * of Next), same run. The simulator runs in a process of its own, so the load generator
 * does not slow it down. Prints (DESIGN.md "Performance targets"):
 * - added p50/p99 at concurrency 1, JSON and streams (first byte, and first content);
 * - throughput at concurrency 10 (autocannon) as a ratio to direct;
 * - chunks per streamed reply and the gaps between them (a gateway that buffered would show
 *   fewer, larger gaps);
 * - the app's RSS after 1,000 and after 10,000 gateway requests;
 * - for scale, Next's own request floor (`/api/health`);
 * - `/v1/responses`: the bridge to chat completions against a native pass-through, same target.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import readline from "node:readline";
import autocannon from "autocannon";
import { apiPost, signUpAdmin, startApp } from "./bench-app";
import { responsesBench } from "./bench-responses";
import { fmt, median, percentile } from "./bench-stats";

const SAMPLES = 400;
const MODEL = "gpt-4o-mini";
const MESSAGES = [{ role: "user", content: "Say hello in five words." }];

type Target = { url: string; headers: Record<string, string>; model: string };

async function startSimulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const port = 4900 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, [...process.execArgv, "scripts/simulator.ts", "--port", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${url}/openai/v1/models`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      lines.close();
      return { url, child };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("the simulator did not start");
}

const body = (model: string, stream: boolean) =>
  JSON.stringify({ model, messages: MESSAGES, max_tokens: 16, ...(stream ? { stream: true } : {}) });

function post(t: Target, stream: boolean): Promise<Response> {
  return fetch(`${t.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...t.headers },
    body: body(t.model, stream),
  });
}

/** One non-streamed request: total time with the body read. */
async function jsonOnce(t: Target): Promise<number> {
  const started = performance.now();
  const res = await post(t, false);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return performance.now() - started;
}

/** One streamed request: time to the first body byte, to the first content, and the content frames' arrivals. */
async function streamOnce(t: Target): Promise<{ firstByte: number; firstContent: number; arrivals: number[] }> {
  const started = performance.now();
  const res = await post(t, true);
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  let firstByte = 0;
  const arrivals: number[] = [];
  const decoder = new TextDecoder();
  let buffered = "";
  // Node's ReadableStream is async-iterable; TypeScript's DOM lib does not say so.
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const at = performance.now() - started;
    if (!firstByte) firstByte = at;
    buffered += decoder.decode(chunk, { stream: true });
    const frames = buffered.split("\n\n");
    buffered = frames.pop() ?? "";
    for (const f of frames) if (/"content":"[^"]/.test(f)) arrivals.push(at);
  }
  return { firstByte, firstContent: arrivals[0] ?? firstByte, arrivals };
}

function row(label: string, direct: number[], gateway: number[], p: number): string {
  const d = percentile(direct, p);
  const g = percentile(gateway, p);
  return `| ${label} | ${fmt(d)} | ${fmt(g)} | +${fmt(g - d)} |`;
}

async function throughput(t: Target, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `${t.url}/chat/completions`,
    method: "POST",
    headers: { "content-type": "application/json", ...t.headers },
    body: body(t.model, false),
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0) throw new Error(`${result.non2xx} answers were not 2xx`);
  return result.requests.average;
}

async function load(t: Target, amount: number): Promise<void> {
  const result = await autocannon({
    url: `${t.url}/chat/completions`,
    method: "POST",
    headers: { "content-type": "application/json", ...t.headers },
    body: body(t.model, false),
    connections: 10,
    amount,
  });
  if (result.non2xx > 0) throw new Error(`${result.non2xx} answers were not 2xx`);
}

/** RSS readings every 100 ms while `run` runs (and one at its end). */
async function sampleRss(pid: number, run: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssMiB(pid)), 100);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  samples.push(rssMiB(pid));
  return samples;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function gatewayBench(): Promise<void> {
  console.log("\n## Gateway overhead (simulator in its own process; the built app's /v1, front door)\n");
  const sim = await startSimulatorProcess();
  const app = await startApp();
  try {
    const cookie = await signUpAdmin(app.url);
    const provider = async (name: string, kind: string, path: string, model: string) =>
      (
        await apiPost<{ provider: { id: string } }>(app, cookie, "/api/providers", {
          name,
          kind,
          baseUrl: `${sim.url}/${path}/v1`,
          defaultModel: model,
          timeoutMs: 30_000,
          maxRetries: 0,
          concurrency: 16,
          environments: ["development"],
        })
      ).provider.id;
    const fast = await provider("Bench OpenAI", "openai", "openai", MODEL);
    const unprobed = await provider("Bench OpenAI unprobed", "openai", "openai", MODEL);
    const slow = await provider("Bench Ollama slow", "ollama", "ollama+slow", "llama3.1:8b");
    await apiPost(app, cookie, "/api/gateway/routes", {
      name: "bench",
      environment: "development",
      targets: [{ providerId: fast, model: MODEL }],
    });
    await apiPost(app, cookie, "/api/gateway/routes", {
      name: "bench-slow",
      environment: "development",
      targets: [{ providerId: slow, model: "llama3.1:8b" }],
    });
    const { secret } = await apiPost<{ secret: string }>(app, cookie, "/api/gateway/keys", {
      name: "bench",
      environment: "development",
    });
    const auth = { authorization: `Bearer ${secret}` };
    const direct: Target = { url: `${sim.url}/openai/v1`, headers: { authorization: "Bearer x" }, model: MODEL };
    const gateway: Target = { url: `${app.url}/v1`, headers: auth, model: "bench" };
    const directSlow: Target = { url: `${sim.url}/ollama+slow/v1`, headers: {}, model: "llama3.1:8b" };
    const gatewaySlow: Target = { url: `${app.url}/v1`, headers: auth, model: "bench-slow" };

    // Warm-up: connections, JIT, the caches of providers, verdicts and keys.
    for (let i = 0; i < 100; i++) {
      await jsonOnce(direct);
      await jsonOnce(gateway);
      await streamOnce(direct);
      await streamOnce(gateway);
    }
    const rssAfterWarmup = rssMiB(app.pid);

    const dJson: number[] = [];
    const gJson: number[] = [];
    const dByte: number[] = [];
    const gByte: number[] = [];
    const dContent: number[] = [];
    const gContent: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      dJson.push(await jsonOnce(direct));
      gJson.push(await jsonOnce(gateway));
      const d = await streamOnce(direct);
      const g = await streamOnce(gateway);
      dByte.push(d.firstByte);
      gByte.push(g.firstByte);
      dContent.push(d.firstContent);
      gContent.push(g.firstContent);
    }
    console.log(`Concurrency 1, ${SAMPLES} requests each, alternating:\n`);
    console.log("| | direct | gateway | added (target p50 ≤ 1 ms, p99 ≤ 3 ms) |\n| --- | --- | --- | --- |");
    console.log(row("JSON, p50", dJson, gJson, 0.5));
    console.log(row("JSON, p99", dJson, gJson, 0.99));
    console.log(row("stream, first byte, p50", dByte, gByte, 0.5));
    console.log(row("stream, first byte, p99", dByte, gByte, 0.99));
    console.log(row("stream, first content, p50", dContent, gContent, 0.5));
    console.log(row("stream, first content, p99", dContent, gContent, 0.99));

    const seconds = 10;
    const dRps = await throughput(direct, 10, seconds);
    const gRps = await throughput(gateway, 10, seconds);
    console.log(`\nConcurrency 10, JSON, ${seconds} s each (autocannon):\n`);
    console.log("| direct | gateway | ratio (target ≥ 0.5×) |\n| --- | --- | --- |");
    console.log(`| ${dRps.toFixed(0)} req/s | ${gRps.toFixed(0)} req/s | ${(gRps / dRps).toFixed(2)}× |`);

    const rounds = 10;
    const dGaps: number[] = [];
    const gGaps: number[] = [];
    let dChunks = 0;
    let gChunks = 0;
    for (let i = 0; i < rounds; i++) {
      const d = await streamOnce(directSlow);
      const g = await streamOnce(gatewaySlow);
      dChunks += d.arrivals.length;
      gChunks += g.arrivals.length;
      dGaps.push(...d.arrivals.slice(1).map((t, j) => t - d.arrivals[j]!));
      gGaps.push(...g.arrivals.slice(1).map((t, j) => t - g.arrivals[j]!));
    }
    console.log(`\nStreams from ollama+slow (20 ms per token), ${rounds} replies each:\n`);
    console.log("| | direct | gateway |\n| --- | --- | --- |");
    console.log(`| content chunks per reply | ${(dChunks / rounds).toFixed(1)} | ${(gChunks / rounds).toFixed(1)} |`);
    console.log(`| gap between chunks, p50 | ${fmt(median(dGaps))} | ${fmt(median(gGaps))} |`);
    console.log(`| gap between chunks, p95 | ${fmt(percentile(dGaps, 0.95))} | ${fmt(percentile(gGaps, 0.95))} |`);
    console.log(`| gap between chunks, max | ${fmt(Math.max(...dGaps))} | ${fmt(Math.max(...gGaps))} |`);

    // RSS: the throughput runs above sent thousands already; count from a fresh 1,000. The
    // heap is a sawtooth (≈ ±150 MiB between collections at this load), so one reading can
    // land on a peak or a trough: the peaks of two equal halves tell growth from GC timing.
    await load(gateway, 1000);
    const rss1k = rssMiB(app.pid);
    const firstHalf = await sampleRss(app.pid, () => load(gateway, 4000));
    const secondHalf = await sampleRss(app.pid, () => load(gateway, 5000));
    const rss10k = rssMiB(app.pid);
    const peak = (xs: number[]) => Math.max(...xs);
    console.log("\nThe app's memory (RSS), gateway requests at concurrency 10:\n");
    console.log("| after warm-up | after 1,000 more | after 10,000 more | 10,000 ÷ 1,000 (target ≤ 1.2×) |");
    console.log("| --- | --- | --- | --- |");
    console.log(
      `| ${rssAfterWarmup.toFixed(0)} MiB | ${rss1k.toFixed(0)} MiB | ${rss10k.toFixed(0)} MiB | ${(rss10k / rss1k).toFixed(2)}× |`,
    );
    console.log(
      `\nPeak RSS (sampled every 100 ms) over requests 1,001–5,000: ${peak(firstHalf).toFixed(0)} MiB; over 5,001–10,000: ${peak(secondHalf).toFixed(0)} MiB (${(peak(secondHalf) / peak(firstHalf)).toFixed(2)}×: growth shows here, GC timing does not)`,
    );

    const floor = async (send: () => Promise<Response>) => {
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const started = performance.now();
        await (await send()).arrayBuffer();
        if (i >= 20) times.push(performance.now() - started);
      }
      return median(times);
    };
    const simModels = await floor(() => fetch(`${sim.url}/openai/v1/models`));
    const health = await floor(() => fetch(`${app.url}/api/health`));
    const gwModels = await floor(() => fetch(`${app.url}/v1/models`, { headers: auth }));
    console.log("\nFor scale (median of 180):\n");
    console.log("| request | time |\n| --- | --- |");
    console.log(`| simulator GET /openai/v1/models | ${fmt(simModels)} |`);
    console.log(`| app GET /v1/models (front door, key check, no upstream) | ${fmt(gwModels)} |`);
    console.log(`| app GET /api/health (Next's request handler, one database ping) | ${fmt(health)} |`);

    await responsesBench(app, cookie, sim, auth, fast, unprobed);
  } finally {
    app.stop();
    sim.child.kill();
  }
}
