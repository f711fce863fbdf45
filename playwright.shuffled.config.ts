import fs from "node:fs";
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The e2e specs one after another in a shuffled order (or reversed: `E2E_ORDER=reverse`), to
 * show that none relies on what another left behind. Each spec is a project that depends on
 * the one before it, which fixes the order. The seed is printed; `E2E_SEED=<n>` replays it.
 * `first-run` still comes first (it is the fresh install), and the simulator-off spec has its
 * own instance. `npm run test:e2e:shuffled` (not in CI: its 30-minute budget has no room for a second e2e pass).
 */
const FIRST = "first-run.spec.ts";
const OWN_INSTANCE = "simulator-off.spec.ts";
const specs = fs
  .readdirSync("e2e")
  .filter((f) => f.endsWith(".spec.ts") && f !== FIRST && f !== OWN_INSTANCE)
  .sort();

// Set once in the runner's process, so its workers (which load this file again) see the same order.
process.env.E2E_SEED ??= String(Math.floor(Math.random() * 2 ** 31));
const seed = Number(process.env.E2E_SEED);

/** A small seeded generator (mulberry32): the same seed gives the same order. */
function random(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const reverse = process.env.E2E_ORDER === "reverse";
const order = reverse ? [...specs].reverse() : shuffled(specs, random(seed));
if (!process.env.TEST_WORKER_INDEX) {
  console.log(`e2e order (${reverse ? "reversed" : `E2E_SEED=${seed}`}): ${order.join(" → ")}`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export default defineConfig({
  ...base,
  projects: [
    { name: "first-run", testMatch: new RegExp(`${escape(FIRST)}$`) },
    ...order.map((spec, i) => ({
      name: spec,
      testMatch: new RegExp(`${escape(spec)}$`),
      dependencies: [i === 0 ? "first-run" : order[i - 1]!],
    })),
    ...(base.projects ?? []).filter((p) => p.name === "simulator-off"),
  ],
});
