import net from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { rowHasProblems } from "@/lib/matrix";
import type { MatrixView, RunHistoryView } from "@/lib/schemas/matrix";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { getDb } from "@/lib/server/db";
import { FEATURES } from "@/lib/server/probes/registry";
import { startProbeRun } from "@/lib/server/probes/service";
import { createSimulatedProvider, settleActiveRuns } from "@/lib/server/probes/test-support";
import { call } from "@/lib/testing/http";
import * as exportRoute from "./export/route";
import * as historyRoute from "./history/route";
import * as matrixRoute from "./route";
import { setUpTestDatabase } from "../test-support";

const { cookies } = setUpTestDatabase({ signIn: true });
let sim: RunningSimulator;
let ollama: string;
let openai: string;
let dead: string;
let idle: string;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const probe = async (providerId: string, features?: string[]) =>
  (await startProbeRun({ providerId, trigger: "manual", createdById: null, ...(features ? { features } : {}) }))
    .finished;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
  ollama = await createSimulatedProvider(sim.url, "ollama", { environments: ["development", "staging"] });
  openai = await createSimulatedProvider(sim.url, "openai", { environments: ["production"] });
  // A port that was free a moment ago: every request is refused.
  dead = await createSimulatedProvider(`http://127.0.0.1:${await closedPort()}`, "ollama");
  idle = await createSimulatedProvider(sim.url, "lmstudio");
  await Promise.all([probe(ollama), probe(openai), probe(dead)]);
}, 60_000);
afterAll(async () => {
  await settleActiveRuns();
  await sim.stop();
});

async function getMatrix(query = "", role: Role = "viewer"): Promise<MatrixView> {
  const res = await call(matrixRoute.GET, `/api/matrix${query}`, { cookie: cookies[role] });
  expect(res.status).toBe(200);
  return ((await res.json()) as { matrix: MatrixView }).matrix;
}
const rowOf = (m: MatrixView, providerId: string) => m.rows.find((r) => r.providerId === providerId);

test("signed-out callers get 401 from the matrix, history and exports; viewers read all three", async () => {
  expect((await call(matrixRoute.GET, "/api/matrix")).status).toBe(401);
  expect((await call(exportRoute.GET, "/api/matrix/export?format=csv")).status).toBe(401);
  expect((await call(historyRoute.GET, `/api/matrix/history?providerId=${ollama}`)).status).toBe(401);
  expect((await call(exportRoute.GET, "/api/matrix/export?format=csv", { cookie: cookies.viewer })).status).toBe(200);
  expect(
    (await call(historyRoute.GET, `/api/matrix/history?providerId=${ollama}`, { cookie: cookies.viewer })).status,
  ).toBe(200);
  expect((await call(matrixRoute.GET, "/api/matrix?sort=loudest", { cookie: cookies.viewer })).status).toBe(400);
});

test("columns come from the registry; each probed row has one cell per feature; unprobed providers get an empty row", async () => {
  const m = await getMatrix();
  expect(m.features.map((f) => f.feature)).toEqual(FEATURES);
  expect(m.providerCount).toBe(4);
  const row = rowOf(m, ollama);
  expect(Object.keys(row?.cells ?? {}).sort()).toEqual([...FEATURES].sort());
  expect(row?.cells.json_mode?.verdict).toBe("supported");
  expect(row?.cells.tool_choice).toMatchObject({ verdict: "partial", reason: expect.stringMatching(/\w/) });
  expect(row?.lastRun).toMatchObject({ status: "completed", done: FEATURES.length, total: FEATURES.length });
  expect(row?.unreachable).toBeNull();
  expect(rowOf(m, idle)).toMatchObject({ cells: {}, lastRun: null, unreachable: null });
});

test("an unreachable provider's row carries the connection error instead of a row of verdicts to explain", async () => {
  const row = rowOf(await getMatrix(), dead);
  expect(row?.unreachable).toMatch(/^could not connect \(the connection was refused\)$/);
  // One finding for the row; each feature skipped with it, none claiming a verdict.
  expect(Object.values(row?.cells ?? {}).every((c) => c.verdict === "skipped")).toBe(true);
  expect(row?.finding).toBeNull();
});

test("each cell is the latest verdict for its feature, even when the newest run probed only some features", async () => {
  const before = rowOf(await getMatrix(), ollama);
  const second = await probe(ollama, ["chat", "tool_choice"]);
  const after = rowOf(await getMatrix(), ollama);
  expect(after?.lastRun?.id).toBe(second.id);
  expect(after?.cells.chat?.runId).toBe(second.id);
  expect(after?.cells.tool_choice?.runId).toBe(second.id);
  expect(after?.cells.json_mode?.runId).toBe(before?.cells.json_mode?.runId);
  expect(after?.cells.json_mode?.runId).not.toBe(second.id);
  expect(Object.keys(after?.cells ?? {})).toHaveLength(FEATURES.length);
  // More partial runs push the full run out of the recent runs the matrix reads at once:
  // its cells still come through (one indexed lookup per missing feature).
  await probe(ollama, ["chat"]);
  const fourth = await probe(ollama, ["chat"]);
  const later = rowOf(await getMatrix(), ollama);
  expect(later?.cells.chat?.runId).toBe(fourth.id);
  expect(later?.cells.tool_choice?.runId).toBe(second.id);
  expect(later?.cells.json_mode?.runId).toBe(before?.cells.json_mode?.runId);
  expect(Object.keys(later?.cells ?? {})).toHaveLength(FEATURES.length);
});

test("filters: environment, provider kind, only rows with problems; sort by supported count", async () => {
  const staging = await getMatrix("?environment=staging");
  expect(staging.rows.map((r) => r.providerId)).toEqual([ollama]);
  const kinds = await getMatrix("?kind=openai");
  expect(kinds.rows.map((r) => r.providerId)).toEqual([openai]);
  const problems = await getMatrix("?problems=1");
  expect(problems.rows.length).toBeGreaterThan(0);
  expect(problems.rows.every(rowHasProblems)).toBe(true);
  expect(problems.rows.map((r) => r.providerId)).toEqual(expect.arrayContaining([ollama, dead]));
  expect(problems.rows.map((r) => r.providerId)).not.toContain(idle);
  const sorted = await getMatrix("?sort=supported");
  const counts = sorted.rows.map((r) => Object.values(r.cells).filter((c) => c.verdict === "supported").length);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  expect(counts[0]).toBeGreaterThan(0);
});

test("history lists runs newest first with counts, and the regression after a provider starts refusing the key", async () => {
  await probe(ollama);
  const baseUrl = `${sim.url}/ollama+auth/v1`; // 401 unless the simulator's own key is sent
  await getDb().provider.update({ where: { id: ollama }, data: { baseUrl } });
  await probe(ollama);
  const res = await call(historyRoute.GET, `/api/matrix/history?providerId=${ollama}`, { cookie: cookies.viewer });
  const { history } = (await res.json()) as { history: RunHistoryView };
  expect(history.runs).toHaveLength(6);
  const [latest, previous] = history.runs;
  expect(latest?.counts.error).toBeGreaterThan(0);
  expect(previous?.counts.supported).toBeGreaterThan(latest?.counts.supported ?? 0);
  expect(history.changes).toContainEqual({ feature: "json_mode", from: "supported", to: "error", kind: "regression" });
  expect(history.changes.some((c) => c.kind === "fix")).toBe(false);
  // Not unreachable: the server answered (401), which is a different problem.
  expect(rowOf(await getMatrix(), ollama)?.unreachable).toBeNull();
});

test("exports: CSV one line per cell, Markdown with symbols and a legend, JSON the matrix", async () => {
  const get = (q: string) => call(exportRoute.GET, `/api/matrix/export${q}`, { cookie: cookies.viewer });
  const csv = await get("?format=csv&kind=openai");
  expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
  expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="switchyard-matrix-.*\.csv"/);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe(
    "provider,kind,model,feature,title,verdict,latency_ms,ttft_ms,reason,disagreement,run_id,probed_at",
  );
  expect(lines).toHaveLength(1 + FEATURES.length);
  expect(lines.find((l) => l.includes(",json_mode,"))).toMatch(
    /^Sim openai \w+,openai,[^,]+,json_mode,JSON mode,supported,\d+,/,
  );

  const md = await (await get("?format=markdown")).text();
  expect(md).toMatch(/^# Feature Compatibility Matrix/);
  expect(md).toMatch(/\| Feature \| .*Sim openai/);
  expect(md).toMatch(/\| JSON mode \(`json_mode`\) \| .*✅/);
  expect(md).toContain("⚠️");
  expect(md).toContain("❓ unreachable");
  expect(md).toContain("✅ supported · ⚠️ partial · ❌ unsupported · ❓ error (no conclusion) · ➖ skipped");

  const json = (await (await get("?format=json")).json()) as MatrixView;
  expect(json.rows).toHaveLength(4);
});
