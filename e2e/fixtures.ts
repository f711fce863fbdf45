import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/**
 * Accounts and data the specs need, made through the API so that each spec works alone:
 * the admin (first-run setup when nobody exists yet), a viewer, the seven simulated
 * providers, and probe runs of them.
 */
export const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
export const VIEWER = { name: "Vic Viewer", email: "vic@example.com", password: "viewer-password" };

/** The names "Add simulated providers" creates, one per simulator profile. */
export const SIMULATED = [
  "Simulated OpenAI",
  "Simulated Ollama",
  "Simulated LM Studio",
  "Simulated vLLM",
  "Simulated vLLM (no auto tool choice)",
  "Simulated LocalAI",
  "Simulated llama.cpp",
] as const;

type Provider = { id: string; name: string; defaultModel: string | null; baseUrl: string; version: number };

/** The app's address (the project's baseURL): mutations say they come from it, as a browser's do. */
function appOrigin(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("the Playwright project has no baseURL");
  return new URL(url).origin;
}

async function post(request: APIRequestContext, path: string, data?: unknown) {
  return request.post(path, { data, headers: { origin: appOrigin() } });
}

/** A POST to the app's API as the page's signed-in user. */
export function apiPost(page: Page, path: string, data?: unknown) {
  return post(page.request, path, data);
}

/** Creates the admin through first-run setup unless an account exists already. */
export async function ensureAdmin(page: Page): Promise<void> {
  const setup = (await (await page.request.get("/api/setup")).json()) as { needed: boolean };
  if (setup.needed) {
    const res = await post(page.request, "/api/setup", ADMIN);
    expect([201, 409]).toContain(res.status());
  }
}

/** Signs in through the API (the page's context gets the session cookie). */
export async function signInByApi(page: Page, who: { email: string; password: string }): Promise<void> {
  await ensureAdmin(page);
  const res = await post(page.request, "/api/auth/sign-in/email", {
    email: who.email,
    password: who.password,
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** Signs in through the sign-in form, as a person does. */
export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await ensureAdmin(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Compatibility matrix" })).toBeVisible();
}

/** An account with this role (created, or its role set), made as the admin: `page` must be signed in as the admin. */
export async function ensureAccount(
  page: Page,
  who: { name: string; email: string; password: string },
  role: "admin" | "member" | "viewer",
): Promise<void> {
  const res = await post(page.request, "/api/users", { ...who, role });
  expect([201, 409], await res.text()).toContain(res.status());
  if (res.status() === 201) return;
  // It exists: give it the role asked for (an earlier attempt may have left another).
  const { users } = (await (await page.request.get("/api/users")).json()) as {
    users: { id: string; email: string; role: string }[];
  };
  const user = users.find((u) => u.email === who.email);
  if (user && user.role !== role) {
    const patched = await page.request.patch(`/api/users/${user.id}`, {
      data: { role },
      headers: { origin: appOrigin() },
    });
    expect(patched.status(), await patched.text()).toBe(200);
  }
}

/** Creates the viewer account (as the admin) unless it exists. `page` must be signed in as the admin. */
export async function ensureViewer(page: Page): Promise<void> {
  await ensureAccount(page, VIEWER, "viewer");
}

export async function listProviders(page: Page): Promise<Provider[]> {
  return ((await (await page.request.get("/api/providers")).json()) as { providers: Provider[] }).providers;
}

/** The seven simulated providers (added when missing). `page` must be signed in as the admin. */
export async function ensureSimulatedProviders(page: Page): Promise<Provider[]> {
  const res = await post(page.request, "/api/providers/simulated");
  expect(res.status(), await res.text()).toBeLessThan(300);
  const all = await listProviders(page);
  return SIMULATED.map((name) => {
    const p = all.find((x) => x.name === name);
    if (!p) throw new Error(`${name} is missing`);
    return p;
  });
}

/** Creates an ordinary provider unless one of that name exists. */
export async function ensureProvider(
  page: Page,
  fields: Record<string, unknown> & { name: string },
): Promise<Provider> {
  const existing = (await listProviders(page)).find((p) => p.name === fields.name);
  if (existing) return existing;
  const res = await post(page.request, "/api/providers", {
    kind: "ollama",
    timeoutMs: 30_000,
    maxRetries: 0,
    concurrency: 4,
    environments: ["staging"],
    ...fields,
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { provider: Provider }).provider;
}

/** Runs every probe of these providers (their default models) and waits until each run has ended. */
export async function probe(page: Page, providers: Provider[]): Promise<void> {
  const ids: string[] = [];
  for (const p of providers) {
    const res = await post(page.request, "/api/runs", { providerId: p.id });
    expect(res.status(), await res.text()).toBeLessThan(300);
    ids.push(((await res.json()) as { run: { id: string } }).run.id);
  }
  for (const id of ids) {
    await expect
      .poll(
        async () =>
          ((await (await page.request.get(`/api/runs/${id}`)).json()) as { run: { status: string } }).run.status,
        {
          timeout: 90_000,
          intervals: [250, 500, 1000],
        },
      )
      .not.toBe("running");
  }
}

/** The simulated providers, each probed at least once. */
export async function ensureProbedSimulatedProviders(page: Page): Promise<Provider[]> {
  const providers = await ensureSimulatedProviders(page);
  const matrix = (await (await page.request.get("/api/matrix")).json()) as {
    matrix: { rows: { providerId: string; lastRun: unknown }[] };
  };
  const unprobed = providers.filter((p) => !matrix.matrix.rows.some((r) => r.providerId === p.id && r.lastRun));
  if (unprobed.length) await probe(page, unprobed);
  return providers;
}

/** Sets a provider's base URL (e.g. to a simulator fault mode), keeping everything else. */
export async function setBaseUrl(page: Page, provider: Provider, baseUrl: string): Promise<void> {
  const current = (
    (await (await page.request.get(`/api/providers/${provider.id}`)).json()) as {
      provider: Provider & Record<string, unknown>;
    }
  ).provider;
  const {
    id: _id,
    apiKey: _key,
    headers,
    createdAt: _c,
    updatedAt: _u,
    ...fields
  } = current as Record<string, unknown>;
  const res = await page.request.put(`/api/providers/${provider.id}`, {
    headers: { origin: appOrigin() },
    data: { ...fields, headers: ((headers as { name: string }[]) ?? []).map((h) => ({ name: h.name })), baseUrl },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** Whether the page scrolls sideways: its document is wider than the viewport. */
export async function documentOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
