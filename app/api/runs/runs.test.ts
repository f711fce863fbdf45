import { afterAll, beforeAll, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { ProbeResultView, ProbeRunDetail, ProbeRunView } from "@/lib/schemas/probes";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { getDb } from "@/lib/server/db";
import { HEARTBEAT_MS, activeRuns } from "@/lib/server/probes/execute";
import { FEATURES } from "@/lib/server/probes/registry";
import {
  PLANTED_HEADER,
  PLANTED_KEY,
  createSimulatedProvider,
  parseSse,
  settleActiveRuns,
} from "@/lib/server/probes/test-support";
import { call } from "@/lib/testing/http";
import * as historyRoute from "../providers/[id]/history/route";
import * as cancelRoute from "./[id]/cancel/route";
import * as eventsRoute from "./[id]/events/route";
import * as runRoute from "./[id]/route";
import * as featuresRoute from "./features/route";
import * as runsRoute from "./route";
import { setUpTestDatabase } from "../test-support";

const { cookies } = setUpTestDatabase({ signIn: true });
let sim: RunningSimulator;
let fast: string;
let slow: string;
const bodies: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 5 });
  fast = await createSimulatedProvider(sim.url, "ollama");
  // One request at a time, each ≥ 200 ms: a run that stays running long enough to watch.
  slow = await createSimulatedProvider(sim.url, "vllm+slow", { concurrency: 1 });
});
afterAll(async () => {
  await settleActiveRuns();
  await sim.stop();
});

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  bodies.push(text);
  return JSON.parse(text) as T;
}

const start = (role: Role, body: object) =>
  call(runsRoute.POST, "/api/runs", { method: "POST", cookie: cookies[role], body });
const getRun = async (id: string) =>
  (
    await json<{ run: ProbeRunDetail }>(
      await call(runRoute.GET, `/api/runs/${id}`, { cookie: cookies.viewer, params: { id } }),
    )
  ).run;

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("viewers read but cannot start or cancel; signed-out callers get 401", async () => {
  expect((await start("viewer", { providerId: fast })).status).toBe(403);
  expect((await call(runsRoute.POST, "/api/runs", { method: "POST", body: { providerId: fast } })).status).toBe(401);
  const res = await call(cancelRoute.POST, "/api/runs/x/cancel", {
    method: "POST",
    cookie: cookies.viewer,
    params: { id: "x" },
  });
  expect(res.status).toBe(403);
  expect((await call(runsRoute.GET, "/api/runs", { cookie: cookies.viewer })).status).toBe(200);
});

test("bad input: unknown feature 400 with the known list, unknown provider 404, unknown run 404", async () => {
  const bad = await start("member", { providerId: fast, features: ["json_mode", "telepathy"] });
  expect(bad.status).toBe(400);
  expect((await json<{ error: { message: string } }>(bad)).error.message).toMatch(/telepathy.*Known features: models/);
  expect((await start("member", { providerId: "nope" })).status).toBe(404);
  expect((await call(runRoute.GET, "/api/runs/nope", { cookie: cookies.viewer, params: { id: "nope" } })).status).toBe(
    404,
  );
  expect(
    (await call(eventsRoute.GET, "/api/runs/nope/events", { cookie: cookies.viewer, params: { id: "nope" } })).status,
  ).toBe(404);
});

test("a member starts a run and follows it live over SSE: progress, n of m results, end", async () => {
  const res = await start("member", { providerId: fast });
  expect(res.status).toBe(201);
  const { run, created } = await json<{ run: ProbeRunView; created: boolean }>(res);
  expect(created).toBe(true);
  expect(run).toMatchObject({ status: "running", model: "llama3.1:8b", trigger: "manual", total: FEATURES.length });

  const stream = await call(eventsRoute.GET, `/api/runs/${run.id}/events`, {
    cookie: cookies.viewer,
    params: { id: run.id },
  });
  expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events = parseSse(await stream.text());
  bodies.push(JSON.stringify(events));
  expect(events[0]?.event).toBe("progress");
  const results = events
    .filter((e) => e.event === "result")
    .map((e) => e.data as { done: number; total: number; result: ProbeResultView });
  expect(results.map((r) => r.done)).toEqual(FEATURES.map((_, i) => i + 1));
  expect(results.every((r) => r.total === FEATURES.length)).toBe(true);
  expect(events.at(-1)).toMatchObject({ event: "end", data: { run: { status: "completed", done: FEATURES.length } } });

  const detail = await getRun(run.id);
  expect(detail).toMatchObject({ status: "completed", serverVersion: "0.12.6", declared: ["completion", "tools"] });
  expect(detail.declaredSource).toBe("ollama /api/show");
  const verdicts = Object.fromEntries(detail.results.map((r) => [r.feature, r.verdict]));
  expect(verdicts).toMatchObject({ json_mode: "supported", tool_choice: "partial", n: "partial", vision: "skipped" });
  expect(detail.results.find((r) => r.feature === "tools")).toMatchObject({ declared: true, disagreement: null });
});

test("a second start for the same provider+model returns the running run; cancel keeps stored results", async () => {
  const first = await json<{ run: ProbeRunView }>(await start("member", { providerId: slow }));
  const again = await start("admin", { providerId: slow });
  expect(again.status).toBe(200);
  expect(await json<{ run: ProbeRunView; created: boolean }>(again)).toMatchObject({
    created: false,
    run: { id: first.run.id },
  });

  // Results are in the database while the run is still running (crash-safety).
  await until(async () => (await getRun(first.run.id)).results.length >= 2);
  const midway = await getRun(first.run.id);
  expect(midway.status).toBe("running");

  const res = await call(cancelRoute.POST, `/api/runs/${first.run.id}/cancel`, {
    method: "POST",
    cookie: cookies.member,
    params: { id: first.run.id },
  });
  expect(res.status).toBe(200);
  const cancelled = (await json<{ run: ProbeRunView }>(res)).run;
  expect(cancelled.status).toBe("cancelled");
  expect(cancelled.done).toBeGreaterThanOrEqual(2);
  expect(cancelled.done).toBeLessThan(FEATURES.length);
  await new Promise((r) => setTimeout(r, 400));
  const after = await getRun(first.run.id);
  expect(after.results.length).toBe(cancelled.done);
  expect(after.results.map((r) => r.id)).toEqual(expect.arrayContaining(midway.results.map((r) => r.id)));
  const twice = await call(cancelRoute.POST, `/api/runs/${first.run.id}/cancel`, {
    method: "POST",
    cookie: cookies.member,
    params: { id: first.run.id },
  });
  expect(twice.status).toBe(409);

  // Once it stopped, a new start is a new run.
  const next = await start("member", { providerId: slow, features: ["models"] });
  expect(next.status).toBe(201);
});

test("a cancel made on another instance stops this one's run within a heartbeat", async () => {
  await until(async () => activeRuns.size === 0);
  const res = await start("member", { providerId: slow });
  expect(res.status).toBe(201);
  const { run } = await json<{ run: ProbeRunView }>(res);
  // What cancelProbeRun does on the other instance: only the database changes here.
  await getDb().probeRun.update({ where: { id: run.id }, data: { status: "cancelled", activeKey: null } });
  await until(async () => !activeRuns.has(run.id), 2 * HEARTBEAT_MS + 2000);
  const stopped = await getRun(run.id);
  expect(stopped.status).toBe("cancelled");
  // One request at a time, each ≥ 200 ms: it stopped long before all 18 probes were done.
  expect(stopped.results.length).toBeLessThan(FEATURES.length / 2);
});

test("a run left running by a dead instance is interrupted on the next start, its results kept", async () => {
  const dbc = getDb();
  const stale = await dbc.probeRun.create({
    data: {
      providerId: fast,
      model: "gemma:2b",
      trigger: "manual",
      status: "running",
      features: ["chat"],
      appVersion: "0.0.0",
      activeKey: `${fast} gemma:2b`,
      heartbeatAt: new Date(Date.now() - 10 * 60_000),
    },
  });
  await dbc.probeResult.create({
    data: {
      runId: stale.id,
      providerId: fast,
      model: "gemma:2b",
      feature: "chat",
      verdict: "supported",
      reason: "earlier",
      latencyMs: 5,
      evidence: { exchanges: [] },
    },
  });
  const res = await start("member", { providerId: fast, model: "gemma:2b", features: ["chat"] });
  expect(res.status).toBe(201);
  const old = await getRun(stale.id);
  expect(old.status).toBe("interrupted");
  expect(old.results.map((r) => r.reason)).toEqual(["earlier"]);
});

test("runs list, feature history newest first, feature catalogue", async () => {
  for (let i = 0; i < 2; i++) {
    const { run } = await json<{ run: ProbeRunView }>(
      await start("member", { providerId: fast, features: ["json_mode"] }),
    );
    await until(async () => (await getRun(run.id)).status !== "running");
  }
  const list = await json<{ runs: ProbeRunView[] }>(
    await call(runsRoute.GET, `/api/runs?providerId=${fast}&limit=3`, { cookie: cookies.viewer }),
  );
  expect(list.runs).toHaveLength(3);
  expect(list.runs[0]).toMatchObject({ features: ["json_mode"], done: 1, total: 1, status: "completed" });

  const history = await json<{ history: ProbeResultView[] }>(
    await call(historyRoute.GET, `/api/providers/${fast}/history?feature=json_mode`, {
      cookie: cookies.viewer,
      params: { id: fast },
    }),
  );
  expect(history.history.length).toBeGreaterThanOrEqual(3);
  expect(history.history.every((r) => r.feature === "json_mode" && r.verdict === "supported")).toBe(true);
  const times = history.history.map((r) => r.createdAt);
  expect([...times].sort().reverse()).toEqual(times);

  const catalogue = await json<{ features: { feature: string; group: string }[] }>(
    await call(featuresRoute.GET, "/api/runs/features", { cookie: cookies.viewer }),
  );
  expect(catalogue.features.map((f) => f.feature)).toEqual(FEATURES);
});

test("no response ever carries the provider's key or header value", () => {
  const all = bodies.join("\n");
  expect(all.length).toBeGreaterThan(1000);
  expect(all).not.toContain(PLANTED_KEY);
  expect(all).not.toContain(PLANTED_HEADER);
});
