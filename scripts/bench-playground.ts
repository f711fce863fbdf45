/**
 * `npm run bench`, playground section: the same streamed chat request sent straight to the
 * simulator (`ollama+slow`: 200 ms to the first token, then 20 ms per token) and through the
 * playground route handler (session check, provider and verdict lookups, the SDK, SSE
 * re-encoding), alternating, in one run. Prints time to first token for both and the
 * difference (target: the route adds ≤ 2 ms), and the gaps between chunks for both (a route
 * that buffered would show fewer, larger gaps). The route is reached through the built app
 * (`npm start`'s script on a fresh data folder), so Next's own server is measured too.
 */
import { createParser } from "eventsource-parser";
import { signUpAdmin, startApp } from "./bench-app";
import { measure, median, percentile } from "./bench-stats";

const ROUNDS = 15;
const PROMPT = "Tell me about lighthouses and harbours.";

type Sample = { ttft: number; gaps: number[] };

/** Reads an SSE body, calling `onData` for each event's data with its arrival time. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onData: (event: string | undefined, data: string, at: number) => void,
): Promise<void> {
  const parser = createParser({ onEvent: (e) => onData(e.event, e.data, performance.now()) });
  const decoder = new TextDecoder();
  // Node's ReadableStream is async-iterable; TypeScript's DOM lib does not say so.
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>)
    parser.feed(decoder.decode(chunk, { stream: true }));
}

async function sample(send: () => Promise<Response>, isToken: (event: string | undefined, data: string) => boolean) {
  const started = performance.now();
  const res = await send();
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const arrivals: number[] = [];
  await readEvents(res.body, (event, data, at) => {
    if (isToken(event, data)) arrivals.push(at);
  });
  const first = arrivals[0];
  if (first === undefined) throw new Error("no token arrived");
  return { ttft: first - started, gaps: arrivals.slice(1).map((t, i) => t - arrivals[i]!) } satisfies Sample;
}

/** The playground section of the bench. */
export async function playgroundBench(): Promise<void> {
  console.log("\n## Playground streaming (simulator ollama+slow: 200 ms first token, 20 ms/token)\n");
  const { startSimulator } = await import("../lib/simulator");
  const sim = await startSimulator({ seed: 2 });
  const app = await startApp();
  try {
    const headers = { "content-type": "application/json", origin: app.url };
    const cookie = await signUpAdmin(app.url);
    const model = "llama3.1:8b";
    const created = await fetch(`${app.url}/api/providers`, {
      method: "POST",
      headers: { ...headers, cookie },
      body: JSON.stringify({
        name: "Bench Ollama",
        kind: "ollama",
        baseUrl: `${sim.url}/ollama+slow/v1`,
        defaultModel: model,
        timeoutMs: 30_000,
        maxRetries: 0,
        concurrency: 8,
        environments: ["development"],
      }),
    });
    if (!created.ok) throw new Error(`provider: HTTP ${created.status} ${await created.text()}`);
    const providerId = ((await created.json()) as { provider: { id: string } }).provider.id;
    const direct = () =>
      fetch(`${sim.url}/ollama+slow/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer x" },
        body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: PROMPT }] }),
      });
    const routed = () =>
      fetch(`${app.url}/api/playground/chat`, {
        method: "POST",
        headers: { ...headers, cookie },
        body: JSON.stringify({ target: { providerId, model }, messages: [{ role: "user", content: PROMPT }] }),
      });
    const directToken = (_e: string | undefined, data: string) => data !== "[DONE]" && /"content":"[^"]/.test(data);
    const routedToken = (event: string | undefined) => event === "delta";
    // Warm-up: connections, JIT, the route's first compile-free load, Prisma.
    for (let i = 0; i < 3; i++) {
      await sample(direct, directToken);
      await sample(routed, routedToken);
    }
    const d: Sample[] = [];
    const r: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      d.push(await sample(direct, directToken));
      r.push(await sample(routed, routedToken));
    }
    report(d, r);
    // Where added time can come from: a bare request through Next, then one with a session check.
    const bare = await medianOf(() => fetch(`${sim.url}/ollama/v1/models`));
    const health = await medianOf(() => fetch(`${app.url}/api/health`));
    const me = await medianOf(() => fetch(`${app.url}/api/me`, { headers: { cookie } }));
    console.log("\n| request (median of 50) | time |\n| --- | --- |");
    console.log(`| simulator GET /v1/models | ${bare.toFixed(1)} ms |`);
    console.log(`| app GET /api/health (Next, one database ping, no session) | ${health.toFixed(1)} ms |`);
    console.log(`| app GET /api/me (Next + session check) | ${me.toFixed(1)} ms |`);
  } finally {
    app.stop();
    await sim.stop();
  }
}

/** Median time of a small request, body read, after a warm-up. */
async function medianOf(send: () => Promise<Response>): Promise<number> {
  return (await measure(async () => (await send()).text(), { warmup: 10, samples: 50 })).p50;
}

function report(d: Sample[], r: Sample[]): void {
  const dTtft = median(d.map((s) => s.ttft));
  const rTtft = median(r.map((s) => s.ttft));
  const dGaps = d.flatMap((s) => s.gaps);
  const rGaps = r.flatMap((s) => s.gaps);
  console.log("| | direct | through the app | difference |\n| --- | --- | --- | --- |");
  console.log(
    `| time to first token (median of ${ROUNDS}) | ${dTtft.toFixed(1)} ms | ${rTtft.toFixed(1)} ms | +${(rTtft - dTtft).toFixed(1)} ms (target ≤ 2 ms) |`,
  );
  console.log(
    `| chunks per reply | ${(dGaps.length / ROUNDS + 1).toFixed(0)} | ${(rGaps.length / ROUNDS + 1).toFixed(0)} | |`,
  );
  console.log(
    `| gap between chunks, median | ${median(dGaps).toFixed(1)} ms | ${median(rGaps).toFixed(1)} ms | ${(median(rGaps) / median(dGaps)).toFixed(2)}× |`,
  );
  console.log(
    `| gap between chunks, p95 | ${percentile(dGaps, 0.95).toFixed(1)} ms | ${percentile(rGaps, 0.95).toFixed(1)} ms | ${(percentile(rGaps, 0.95) / percentile(dGaps, 0.95)).toFixed(2)}× |`,
  );
}
