import { afterAll, beforeAll, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { CreateSessionBody, PlaygroundProvider, SessionDetail, SessionSummary } from "@/lib/schemas/playground";
import type { RequestLogView } from "@/lib/schemas/request-logs";
import { getDb } from "@/lib/server/db";
import { createUser } from "@/lib/server/users/service";
import * as authRoute from "@/app/api/auth/[...all]/route";
import { signInEveryRole } from "@/lib/testing/accounts";
import { call, cookieFrom } from "@/lib/testing/http";
import { createTestDatabase } from "@/lib/testing/test-database";
import * as logsRoute from "../request-logs/route";
import * as targetsRoute from "./targets/route";
import * as sessionRoute from "./sessions/[id]/route";
import * as sessionsRoute from "./sessions/route";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let cookies: Record<Role | "otherMember", string>;

beforeAll(async () => {
  db = await createTestDatabase();
  const roles = await signInEveryRole();
  await createUser({ name: "Other", email: "other@example.com", password: "password-123", role: "member" });
  const res = await call(authRoute.POST, "/api/auth/sign-in/email", {
    method: "POST",
    body: { email: "other@example.com", password: "password-123" },
  });
  cookies = { ...roles, otherMember: cookieFrom(res) };
});
afterAll(async () => {
  await getDb().$disconnect();
  await db.drop();
});

const data: CreateSessionBody["data"] = {
  settings: { system: "Be brief.", params: { temperature: 0.2 }, responseFormat: { type: "text" }, stream: true },
  columns: [
    {
      target: { providerId: "p1", model: "llama3.1:8b" },
      messages: [
        { role: "user", content: "  What is a   lighthouse, and why do they have such distinctive patterns of light?" },
        {
          role: "assistant",
          content: "A tower with a light.",
          meta: {
            metrics: { ttftMs: 12, totalMs: 40, tokensPerSecond: null, usage: null },
            degradations: [],
            finishReason: "stop",
          },
        },
      ],
    },
  ],
};

async function body<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
const create = (who: keyof typeof cookies, payload: unknown) =>
  call(sessionsRoute.POST, "/api/playground/sessions", { method: "POST", cookie: cookies[who], body: payload });
const get = (who: keyof typeof cookies, id: string) =>
  call(sessionRoute.GET, `/api/playground/sessions/${id}`, { cookie: cookies[who], params: { id } });
const patch = (who: keyof typeof cookies, id: string, payload: unknown) =>
  call(sessionRoute.PATCH, `/api/playground/sessions/${id}`, {
    method: "PATCH",
    cookie: cookies[who],
    body: payload,
    params: { id },
  });

test("a reply's saved shapes are checked: an attempt or degradation that is not one is refused, naming where", async () => {
  const withMeta = (meta: unknown) => ({
    ...data,
    columns: [{ ...data.columns[0]!, messages: [{ role: "assistant", content: "Hi.", meta }] }],
  });
  const attempt = { providerId: "p1", providerName: "Local", model: "m", outcome: "answered", requests: 1 };
  const degradation = {
    feature: "json_mode",
    label: "JSON by instruction",
    detail: "asked for JSON in a system instruction",
    source: { kind: "probe", runId: "r1", verdict: "unsupported", at: "2026-01-01T00:00:00.000Z" },
  };
  expect(
    (await create("member", { data: withMeta({ attempts: [attempt], degradations: [degradation] }) })).status,
  ).toBe(201);
  const bad = await create("member", { data: withMeta({ attempts: [{ ...attempt, outcome: "won" }] }) });
  expect(bad.status).toBe(400);
  // A message is one of three shapes, so zod names the message that matches none.
  expect((await body<{ error: { message: string } }>(bad)).error.message).toMatch(/^data\.columns\.0\.messages\.0 /);
  const source = await create("member", {
    data: withMeta({ degradations: [{ ...degradation, source: { kind: "guess" } }] }),
  });
  expect(source.status).toBe(400);
});

test("a member saves a session; the title comes from the first message; it is private until shared", async () => {
  const res = await create("member", { data });
  expect(res.status).toBe(201);
  const saved = await body<SessionDetail>(res);
  expect(saved.title).toBe("What is a lighthouse, and why do they have such distinctive…");
  expect(saved).toMatchObject({ isOwner: true, shared: false, ownerName: "member" });
  expect(saved.data.columns[0]!.messages[1]).toMatchObject({ meta: { metrics: { ttftMs: 12 } } });

  expect((await get("otherMember", saved.id)).status).toBe(404);
  const list = await body<{ sessions: SessionSummary[] }>(
    await call(sessionsRoute.GET, "/api/playground/sessions", { cookie: cookies.otherMember }),
  );
  expect(list.sessions).toEqual([]);

  const shared = await body<SessionDetail>(await patch("member", saved.id, { shared: true }));
  expect(shared.shared).toBe(true);
  const seen = await body<SessionDetail>(await get("viewer", saved.id));
  expect(seen).toMatchObject({ isOwner: false, ownerName: "member", title: saved.title });
  // Read-only for everyone else: changes and deletes find nothing of theirs.
  expect((await patch("otherMember", saved.id, { title: "Mine now" })).status).toBe(404);
  const del = await call(sessionRoute.DELETE, `/api/playground/sessions/${saved.id}`, {
    method: "DELETE",
    cookie: cookies.otherMember,
    params: { id: saved.id },
  });
  expect(del.status).toBe(404);

  await patch("member", saved.id, { shared: false });
  expect((await get("viewer", saved.id)).status).toBe(404);
});

test("rename and delete; bad input is a 400 naming the field and writes nothing", async () => {
  const saved = await body<SessionDetail>(await create("admin", { title: "Compare", data }));
  const renamed = await body<SessionDetail>(await patch("admin", saved.id, { title: "Local vs cloud" }));
  expect(renamed.title).toBe("Local vs cloud");

  const empty = await patch("admin", saved.id, { title: "   " });
  expect(empty.status).toBe(400);
  expect((await body<{ error: { message: string } }>(empty)).error.message).toMatch(/^title must not be empty/);
  const nothing = await patch("admin", saved.id, {});
  expect(nothing.status).toBe(400);
  const tooMany = await create("admin", { data: { ...data, columns: Array(5).fill(data.columns[0]) } });
  expect(tooMany.status).toBe(400);
  expect((await body<{ error: { message: string } }>(tooMany)).error.message).toMatch(/^data\.columns/);
  expect((await body<SessionDetail>(await get("admin", saved.id))).title).toBe("Local vs cloud");

  const del = await call(sessionRoute.DELETE, `/api/playground/sessions/${saved.id}`, {
    method: "DELETE",
    cookie: cookies.admin,
    params: { id: saved.id },
  });
  expect(del.status).toBe(200);
  expect((await get("admin", saved.id)).status).toBe(404);
});

test("viewers can open shared sessions but not save; signed-out callers get 401", async () => {
  expect((await create("viewer", { data })).status).toBe(403);
  expect((await call(sessionsRoute.GET, "/api/playground/sessions")).status).toBe(401);
  expect((await call(logsRoute.GET, "/api/request-logs")).status).toBe(401);
});

test("the request log lists calls newest first with provider and user names", async () => {
  const provider = await getDb().provider.create({
    data: { name: "Logged", kind: "ollama", baseUrl: "http://127.0.0.1:1/v1", headers: [], environments: [] },
  });
  const user = await getDb().user.findFirstOrThrow({ where: { email: "member@example.com" } });
  const attempt = { providerId: provider.id, providerName: "Logged", model: "m", outcome: "answered", requests: 1 };
  await getDb().requestLog.create({
    data: {
      source: "playground",
      userId: user.id,
      environment: "development",
      model: "m",
      providerTriedId: provider.id,
      providerUsedId: provider.id,
      status: "ok",
      httpStatus: 200,
      latencyMs: 40,
      ttftMs: 10,
      degradations: [],
      fallbackPath: [attempt],
    },
  });
  await getDb().provider.delete({ where: { id: provider.id } });
  const { logs } = await body<{ logs: RequestLogView[] }>(
    await call(logsRoute.GET, "/api/request-logs?limit=5", { cookie: cookies.viewer }),
  );
  expect(logs[0]).toMatchObject({ userName: "member", providerTried: "Logged", providerUsed: "Logged", status: "ok" });
  const bad = await call(logsRoute.GET, "/api/request-logs?limit=0", { cookie: cookies.viewer });
  expect(bad.status).toBe(400);
});

test("targets: enabled providers only, the active environment's default first with its model", async () => {
  const make = (name: string, enabled = true) =>
    getDb().provider.create({
      data: {
        name,
        kind: "ollama",
        baseUrl: "http://127.0.0.1:1/v1",
        defaultModel: "llama3.1:8b",
        headers: [],
        environments: ["development"],
        enabled,
      },
    });
  await make("Alpha");
  const zulu = await make("Zulu");
  await make("Off", false);
  await getDb().providerModel.create({
    data: { providerId: zulu.id, modelId: "llava:7b", type: "chat", declared: ["completion", "vision"] },
  });
  await getDb().environmentDefault.create({
    data: { environment: "development", providerId: zulu.id, model: "llava:7b" },
  });
  const { providers } = await body<{ providers: PlaygroundProvider[] }>(
    await call(targetsRoute.GET, "/api/playground/targets", { cookie: cookies.viewer }),
  );
  expect(providers.map((p) => p.name)).toEqual(["Zulu", "Alpha"]);
  expect(providers[0]).toMatchObject({ defaultModel: "llava:7b", models: [{ id: "llava:7b", vision: true }] });
  expect(JSON.stringify(providers)).not.toMatch(/apiKey|baseUrl/);
});
