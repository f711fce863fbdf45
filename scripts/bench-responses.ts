/**
 * `npm run bench`, gateway section, `/v1/responses` part: the bridge from Responses to chat
 * completions against a native pass-through on the same target, and the simulator direct.
 */
import { type BenchApp, apiPost } from "./bench-app";
import { fmt, percentile } from "./bench-stats";

/** The simulated OpenAI model both paths answer with (the gateway section's). */
const MODEL = "gpt-4o-mini";

/** One `/v1/responses` request, whole or streamed to its end: total time. */
async function responsesOnce(url: string, headers: Record<string, string>, model: string, stream: boolean) {
  const started = performance.now();
  const res = await fetch(`${url}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model, input: "Say hello in five words.", max_output_tokens: 16, stream }),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`/responses: HTTP ${res.status}`);
  return performance.now() - started;
}

/** Waits for a probe run started through the API. */
async function runFinished(appUrl: string, cookie: string, id: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`${appUrl}/api/runs/${id}`, { headers: { cookie } });
    const { run } = (await res.json()) as { run: { status: string } };
    if (run.status !== "running") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the probe run did not finish");
}

/**
 * `/v1/responses`: one OpenAI-profile provider probed (its verdicts say it serves the
 * endpoint: passed through) and one not probed (bridged to chat completions), same server.
 */
export async function responsesBench(
  app: BenchApp,
  cookie: string,
  sim: { url: string },
  auth: Record<string, string>,
  native: string,
  bridged: string,
): Promise<void> {
  const { run } = await apiPost<{ run: { id: string } }>(app, cookie, "/api/runs", {
    providerId: native,
    model: MODEL,
    features: ["responses", "responses_streaming"],
  });
  await runFinished(app.url, cookie, run.id);
  for (const [name, providerId] of [
    ["bench-native", native],
    ["bench-bridged", bridged],
  ] as const) {
    await apiPost(app, cookie, "/api/gateway/routes", {
      name,
      environment: "development",
      targets: [{ providerId, model: MODEL }],
    });
  }
  const direct = { url: `${sim.url}/openai/v1`, headers: { authorization: "Bearer x" } };
  const gw = { url: `${app.url}/v1`, headers: auth };
  const samples = { direct: [[], []], native: [[], []], bridged: [[], []] } as Record<string, number[][]>;
  for (let i = 0; i < 250; i++) {
    for (const [s, stream] of [
      [0, false],
      [1, true],
    ] as const) {
      const d = await responsesOnce(direct.url, direct.headers, MODEL, stream);
      const n = await responsesOnce(gw.url, gw.headers, "bench-native", stream);
      const b = await responsesOnce(gw.url, gw.headers, "bench-bridged", stream);
      if (i < 50) continue; // warm-up
      samples.direct![s]!.push(d);
      samples.native![s]!.push(n);
      samples.bridged![s]!.push(b);
    }
  }
  console.log("\n`/v1/responses`, concurrency 1, 200 requests each (whole answer / stream read to its end):\n");
  console.log(
    "| | simulator direct | gateway, native pass-through | gateway, bridged to chat | bridge − native |\n| --- | --- | --- | --- | --- |",
  );
  for (const [s, label] of [
    [0, "JSON"],
    [1, "stream"],
  ] as const) {
    for (const p of [0.5, 0.99]) {
      const d = percentile(samples.direct![s]!, p);
      const n = percentile(samples.native![s]!, p);
      const b = percentile(samples.bridged![s]!, p);
      console.log(`| ${label}, p${p * 100} | ${fmt(d)} | ${fmt(n)} | ${fmt(b)} | ${b >= n ? "+" : ""}${fmt(b - n)} |`);
    }
  }
}

/** The gateway section of the bench. */
