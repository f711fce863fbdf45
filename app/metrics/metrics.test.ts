import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/server/db";
import { ensureMetrics } from "@/lib/server/metrics/registry";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { signInEveryRole } from "@/lib/testing/accounts";
import { type RunningGateway, addKey, addRoute, startGateway } from "@/lib/testing/gateway";
import { call } from "@/lib/testing/http";
import { type Family, parsePrometheusText } from "@/lib/testing/prometheus-text";
import { createTestDatabase } from "@/lib/testing/test-database";
import * as metricsRoute from "./route";

/**
 * /metrics: the text exposition parses strictly, counts what the gateway (served by the
 * front door, as `npm start` does) did, and is closed to everyone without the token or an
 * admin session.
 */

const TOKEN = "metrics-token-for-tests-0123456789";
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: RunningSimulator;
let gw: RunningGateway;
let cookies: Record<Role, string>;

beforeAll(async () => {
  process.env.METRICS_TOKEN = TOKEN;
  sim = await startSimulator({ seed: 3 });
  db = await createTestDatabase();
  cookies = await signInEveryRole();
  ensureMetrics();
  // The first target is down (connection refused), the second answers: one fallback per call.
  const down = await createSimulatedProvider("http://127.0.0.1:9", "openai", { name: "Down" });
  const up = await createSimulatedProvider(sim.url, "openai", { name: "Up" });
  await addRoute("metered", [
    { providerId: down, model: "gpt-4o-mini" },
    { providerId: up, model: "gpt-4o-mini" },
  ]);
  gw = await startGateway();
  const key = await addKey();
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: key.secret, maxRetries: 0 });
  await client.chat.completions.create({ model: "metered", messages: [{ role: "user", content: "hi" }] });
  const stream = await client.chat.completions.create({
    model: "metered",
    messages: [{ role: "user", content: "hi" }],
    stream: true,
  });
  for await (const _ of stream);
  await expect(
    client.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "hi" }] }),
  ).rejects.toThrow();
});

afterAll(async () => {
  await gw.stop();
  await sim.stop();
  await getDb().$disconnect();
  await db.drop();
  delete process.env.METRICS_TOKEN;
});

const scrape = (headers: Record<string, string> = {}, cookie?: string) =>
  call(metricsRoute.GET, "/metrics", { headers, cookie });

async function families(): Promise<Map<string, Family>> {
  const res = await scrape({ authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return parsePrometheusText(await res.text());
}

const sum = (f: Family | undefined, name: string, labels: Record<string, string> = {}) =>
  (f?.samples ?? [])
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((n, s) => n + s.value, 0);

describe("access", () => {
  test("no credentials: 401; a wrong token or a member's session: 403; an admin's session: 200", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: "Bearer wrong-token-wrong-token" })).status).toBe(403);
    expect((await scrape({}, cookies.member)).status).toBe(403);
    expect((await scrape({}, cookies.viewer)).status).toBe(403);
    expect((await scrape({}, cookies.admin)).status).toBe(200);
  });
});

describe("exposition", () => {
  test("counts the gateway's requests by route, target, status class and outcome", async () => {
    const f = await families();
    const requests = f.get("switchyard_gateway_requests_total");
    expect(requests?.type).toBe("counter");
    expect(
      sum(requests, "switchyard_gateway_requests_total", {
        route: "metered",
        target: "Up/gpt-4o-mini",
        status_class: "2xx",
        outcome: "ok",
      }),
    ).toBe(2);
    expect(sum(requests, "switchyard_gateway_requests_total", { status_class: "4xx", outcome: "client_error" })).toBe(
      1,
    );
  });

  test("latency and TTFT are histograms; fallbacks and upstream failures are counted", async () => {
    const f = await families();
    expect(f.get("switchyard_gateway_request_duration_seconds")?.type).toBe("histogram");
    expect(
      sum(f.get("switchyard_gateway_request_duration_seconds"), "switchyard_gateway_request_duration_seconds_count", {
        route: "metered",
      }),
    ).toBe(2);
    expect(
      sum(f.get("switchyard_gateway_ttft_seconds"), "switchyard_gateway_ttft_seconds_count", { route: "metered" }),
    ).toBe(2);
    expect(
      sum(f.get("switchyard_gateway_fallbacks_total"), "switchyard_gateway_fallbacks_total", { route: "metered" }),
    ).toBe(2);
    expect(
      sum(f.get("switchyard_upstream_failures_total"), "switchyard_upstream_failures_total", {
        target: "Down/gpt-4o-mini",
        class: "outage",
      }),
    ).toBe(2);
  });

  test("the circuit of every route target is a gauge", async () => {
    const f = await families();
    const circuit = f.get("switchyard_circuit_state");
    expect(circuit?.type).toBe("gauge");
    expect(sum(circuit, "switchyard_circuit_state", { target: "Up/gpt-4o-mini" })).toBe(0);
    expect(circuit?.samples.map((s) => s.labels.target).sort()).toEqual(["Down/gpt-4o-mini", "Up/gpt-4o-mini"]);
    expect(f.has("switchyard_probe_runs_total")).toBe(true);
    expect(f.has("switchyard_verdict_changes_total")).toBe(true);
  });
});
