/**
 * A member's JSON Schema cannot freeze the server: the pattern that backtracks
 * exponentially under JavaScript's engine (`^(a+)+$` against "aaa…a!") is checked on RE2,
 * so the call ends and /api/health answers while it runs.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { ChatEvent } from "@/lib/schemas/playground";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { createSimulatedProvider, parseSse } from "@/lib/server/probes/test-support";
import { signInEveryRole } from "@/lib/testing/accounts";
import { call } from "@/lib/testing/http";
import { createTestDatabase } from "@/lib/testing/test-database";
import { stopTestBed } from "@/lib/testing/test-bed";
import * as healthRoute from "../health/route";
import * as chatRoute from "./chat/route";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cookies: Record<Role, string>;
let sim: RunningSimulator;
let providerId: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  db = await createTestDatabase();
  cookies = await signInEveryRole();
  providerId = await createSimulatedProvider(sim.url, "openai");
});
afterAll(() => stopTestBed({ simulators: [sim], db }));

test("structured output with a catastrophic pattern ends with a validation error, and /api/health answers meanwhile", async () => {
  // 40 characters: under a backtracking engine this is 2^40 steps (hours), not a slow test.
  const evil = `${"a".repeat(40)}!`;
  const schema = { type: "object", properties: { a: { type: "string", pattern: "^(a+)+$", enum: [evil] } } };
  const reply = call(chatRoute.POST, "/api/playground/chat", {
    method: "POST",
    cookie: cookies.member,
    body: {
      target: { providerId, model: "gpt-4o-mini" },
      messages: [{ role: "user", content: "Fill in the object." }],
      responseFormat: { type: "json_schema", name: "evil", schema },
    },
  }).then(async (res) => ({ status: res.status, text: await res.text() }));
  const health = await call(healthRoute.GET, "/api/health");
  expect(health.status).toBe(200);
  const { status, text } = await reply;
  expect(status).toBe(200);
  const done = parseSse(text)
    .map((e) => e.data as ChatEvent)
    .find((e) => e.type === "done");
  expect(done?.type === "done" && done.validation).toMatchObject({ kind: "schema", valid: false });
  expect(done?.type === "done" && done.validation?.error).toMatch(/must match pattern "\^\(a\+\)\+\$"/);
});
