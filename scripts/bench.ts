/**
 * `npm run bench`: performance numbers and ratios (DESIGN.md "Performance targets"); never
 * assertions. Sections run in order; each prints its own table.
 *
 * Probes: a full run against the simulator with per-request latency (`+slow`: 200 ms to the
 * first token, 20 ms per token) compared with its slowest single probe (target ≤ 1.5×), and
 * 10 providers probed at once compared with one (target ≈ 1×).
 *
 * Dashboard (scripts/bench-dashboard.ts): matrix and history query p95 over 100,000 stored
 * results, and the matrix page's first-load JavaScript from the build output.
 *
 * Playground (scripts/bench-playground.ts): time to first token and gaps between chunks,
 * straight to the simulator and through the playground's streaming route, same run.
 *
 * Gateway (scripts/bench-gateway.ts): added latency at concurrency 1 (JSON, stream first byte
 * and first content), throughput at concurrency 10 as a ratio to direct, chunks and gaps,
 * the app's RSS after 1,000 and 10,000 requests — straight to the simulator and through `/v1`.
 *
 * Usage (scripts/bench-usage.ts): usage and switch-readiness query p50/p95 over 1,000,000
 * request-log rows (target ≤ 100 ms p95), and each one's first, cold read.
 *
 * `npm run bench -- --section playground` runs one section.
 */
import { spawnSync } from "node:child_process";
import { PROFILES, startSimulator } from "../lib/simulator";
import { dashboardBench } from "./bench-dashboard";
import { gatewayBench } from "./bench-gateway";
import { playgroundBench } from "./bench-playground";
import { usageBench } from "./bench-usage";
import { PROBES } from "../lib/server/probes/registry";
import { runProbes } from "../lib/server/probes/runner";
import type { Probe, ProbeProvider } from "../lib/server/probes/types";

const ms = (n: number): string => `${Math.round(n)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

function targetFor(url: string, profile: string): { target: ProbeProvider; model: string } {
  const spec = PROFILES.find((p) => p.name === profile);
  if (!spec) throw new Error(`no profile ${profile}`);
  return {
    model: spec.models.find((m) => m.kind === "chat")?.id ?? "",
    target: {
      name: profile,
      kind: spec.kind,
      baseUrl: `${url}/${profile}+slow/v1`,
      apiKey: "bench",
      headers: {},
      timeoutMs: 30_000,
      maxRetries: 0,
      proxyUrl: null,
      // "when the provider allows concurrency": every probe at once.
      concurrency: PROBES.length,
      embeddingModel: spec.models.find((m) => m.kind === "embedding")?.id ?? null,
    },
  };
}

async function fullRun(url: string, profile: string, probes: readonly Probe[] = PROBES): Promise<number> {
  const { target, model } = targetFor(url, profile);
  const [, elapsed] = await timed(() => runProbes({ provider: target, model, probes }));
  return elapsed;
}

async function probeBench(): Promise<void> {
  const sim = await startSimulator({ seed: 1 });
  try {
    console.log("## Probes (simulator +slow: 200 ms first token, 20 ms/token)\n");
    await fullRun(sim.url, "openai"); // warm-up: connections, JIT
    const singles: [string, number][] = [];
    for (const probe of PROBES) singles.push([probe.feature, await fullRun(sim.url, "openai", [probe])]);
    const [slowestFeature, slowest] = singles.reduce((a, b) => (b[1] > a[1] ? b : a));
    const total = await fullRun(sim.url, "openai");
    const sequential = singles.reduce((sum, [, t]) => sum + t, 0);
    console.log("| probe alone | time |\n| --- | --- |");
    for (const [feature, t] of singles) console.log(`| ${feature} | ${ms(t)} |`);
    console.log("");
    console.log(`full run, concurrency ${PROBES.length}:        ${ms(total)}`);
    console.log(`slowest single probe (${slowestFeature}): ${ms(slowest)}`);
    console.log(`sum of single probes (sequential): ${ms(sequential)}`);
    console.log(`total ÷ slowest:                  ${(total / slowest).toFixed(2)}× (target ≤ 1.5×)\n`);

    const profiles = Array.from({ length: 10 }, (_, i) => PROFILES[i % PROFILES.length]?.name ?? "openai");
    const one = await fullRun(sim.url, "ollama");
    const [, ten] = await timed(() => Promise.all(profiles.map((p) => fullRun(sim.url, p))));
    console.log(`one provider (ollama), full run:  ${ms(one)}`);
    console.log(`10 providers at once (${[...new Set(profiles)].length} kinds): ${ms(ten)}`);
    console.log(`10 at once ÷ one:                 ${(ten / one).toFixed(2)}× (target ≈ 1×)`);
  } finally {
    await sim.stop();
  }
}

const SECTIONS: Record<string, () => Promise<void>> = {
  probes: probeBench,
  dashboard: dashboardBench,
  playground: playgroundBench,
  gateway: gatewayBench,
  usage: usageBench,
};

/**
 * Each section runs in its own process (`--section <name>`): they configure the app's
 * database through the environment, which a process reads once.
 */
async function main(): Promise<void> {
  const at = process.argv.indexOf("--section");
  const only = at >= 0 ? process.argv[at + 1] : undefined;
  if (only) {
    const section = SECTIONS[only];
    if (!section) throw new Error(`no section ${only}; sections: ${Object.keys(SECTIONS).join(", ")}`);
    return section();
  }
  for (const name of Object.keys(SECTIONS)) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--section", name], {
      stdio: "inherit",
    });
    if (child.status !== 0) throw new Error(`section ${name} failed`);
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
