import { afterAll, beforeAll, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { ProbeScheduleView } from "@/lib/schemas/probes";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { getDb } from "@/lib/server/db";
import { signInEveryRole } from "@/lib/testing/accounts";
import { call } from "@/lib/testing/http";
import { createTestDatabase } from "@/lib/testing/test-database";
import * as scheduleRoute from "@/app/api/providers/[id]/probe-schedule/route";
import { runDueSchedules } from "./scheduler";
import { waitForRun } from "./service";
import { createSimulatedProvider, settleActiveRuns } from "./test-support";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cookies: Record<Role, string>;
let sim: RunningSimulator;
let providerId: string;

beforeAll(async () => {
  sim = await startSimulator();
  db = await createTestDatabase();
  cookies = await signInEveryRole();
  providerId = await createSimulatedProvider(sim.url, "openai");
});
afterAll(async () => {
  await settleActiveRuns();
  await sim.stop();
  await getDb().$disconnect();
  await db.drop();
});

const put = (role: Role, body: object) =>
  call(scheduleRoute.PUT, `/api/providers/${providerId}/probe-schedule`, {
    method: "PUT",
    cookie: cookies[role],
    body,
    params: { id: providerId },
  });

test("off by default; admins set it, members cannot", async () => {
  const res = await call(scheduleRoute.GET, "/", { cookie: cookies.viewer, params: { id: providerId } });
  expect(((await res.json()) as { schedule: ProbeScheduleView }).schedule).toMatchObject({
    intervalMinutes: null,
    nextRunAt: null,
  });
  expect((await put("member", { intervalMinutes: 60 })).status).toBe(403);
  expect((await put("admin", { intervalMinutes: 1 })).status).toBe(400);
  const set = await put("admin", { intervalMinutes: 60, features: ["chat", "json_mode"] });
  expect(set.status).toBe(200);
  const { schedule } = (await set.json()) as { schedule: ProbeScheduleView };
  expect(schedule).toMatchObject({ intervalMinutes: 60, features: ["chat", "json_mode"] });
  expect(Date.parse(schedule.nextRunAt ?? "") - Date.now()).toBeGreaterThan(59 * 60_000);
});

test("two instances ticking at once start the due run exactly once", async () => {
  const now = new Date(Date.now() + 61 * 60_000);
  expect(await runDueSchedules({ instanceId: "early", now: new Date() })).toEqual([]);
  const [a, b] = await Promise.all([
    runDueSchedules({ instanceId: "instance-a", now }),
    runDueSchedules({ instanceId: "instance-b", now }),
  ]);
  const started = [...(a ?? []), ...(b ?? [])];
  expect(started).toHaveLength(1);
  const runId = started[0]?.runId ?? "";
  const run = await waitForRun(runId);
  expect(run).toMatchObject({ trigger: "schedule", status: "completed", features: ["chat", "json_mode"], done: 2 });
  const row = await getDb().probeSchedule.findUniqueOrThrow({ where: { providerId } });
  expect(["instance-a", "instance-b"]).toContain(row.claimedBy);
  expect(row.lastRunId).toBe(runId);
  expect(row.nextRunAt.getTime()).toBe(now.getTime() + 60 * 60_000);
  // The same due time is not run again.
  expect(await runDueSchedules({ instanceId: "instance-c", now })).toEqual([]);
  expect(await getDb().probeRun.count({ where: { trigger: "schedule" } })).toBe(1);
});

test("intervalMinutes null turns it off", async () => {
  const res = await put("admin", { intervalMinutes: null });
  expect(((await res.json()) as { schedule: ProbeScheduleView }).schedule.intervalMinutes).toBeNull();
  expect(await runDueSchedules({ now: new Date(Date.now() + 365 * 24 * 60 * 60_000) })).toEqual([]);
});
