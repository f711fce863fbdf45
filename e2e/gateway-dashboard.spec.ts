import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import {
  ADMIN,
  VIEWER,
  apiPost,
  ensureProvider,
  ensureSimulatedProviders,
  ensureViewer,
  probe,
  setBaseUrl,
  signInByApi,
} from "./fixtures";
import { GatewayPages } from "./pages/gateway";

/**
 * The gateway in the dashboard, end to end on the built app: an admin makes a route of two
 * simulated targets and a key in the pages, an application calls through the official SDK
 * with the copied snippet's settings, and Usage, the request log, the Routes page's circuits
 * and switch readiness show what happened. A viewer sees Routes read-only and no key actions.
 */

const SIM = "http://127.0.0.1:14010";
/** A 1×1 red PNG: an image part the route's OpenAI-like targets accept. */
const RED_PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

test("admin: route and key in the pages, a real SDK call in Usage and the log, a circuit opened, a breaking switch", async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(240_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInByApi(page, ADMIN);
  const tag = Date.now().toString(36);
  const provider = (name: string) =>
    ensureProvider(page, {
      name,
      kind: "openai",
      baseUrl: `${SIM}/openai/v1`,
      // Not the simulator's "auth" fault key: with that fault on, this key is refused (401).
      apiKey: "e2e-not-the-sim-key",
      defaultModel: "gpt-4o-mini",
      maxRetries: 0,
      environments: ["staging"],
    });
  const primary = await provider(`GW primary ${tag}`);
  const backup = await provider(`GW backup ${tag}`);
  const gw = new GatewayPages(page);
  const route = `dash-${tag}`;

  // The route, made in the page: the backup first, then moved below the primary by keyboard.
  await gw.openRoutes("staging");
  await gw.createRoute(route, [
    [backup.name, "gpt-4o-mini"],
    [primary.name, "gpt-4o-mini"],
  ]);
  await gw.moveTargetUpByKeyboard(2);
  await gw.saveNewRoute();
  await expect(gw.targetsOf(route)).toHaveCount(2);
  await expect(gw.targetsOf(route).nth(0)).toContainText(primary.name);
  await expect(gw.targetsOf(route).nth(1)).toContainText(backup.name);

  // The key: the secret once, and the Python snippet copied from beside it.
  await gw.openKeys();
  // A field left wrong is named, and its input is described by the error (what a screen reader reads).
  await gw.submitKey();
  await expect(gw.keyField("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(gw.keyField("Name")).toHaveAccessibleDescription("Name is required");
  const secret = await gw.createKey(`app ${tag}`, "staging");
  expect(secret).toMatch(/^sy-/);
  const snippet = await gw.copyPythonSnippet();
  const baseUrl = /base_url="([^"]+)"/.exec(snippet)?.[1];
  const apiKey = /api_key="([^"]+)"/.exec(snippet)?.[1];
  expect(baseUrl).toBe(`${baseURL}/v1`);
  expect(apiKey).toBe(secret);

  // The application's call, through the official SDK with the snippet's settings.
  const client = new OpenAI({ baseURL: baseUrl, apiKey, maxRetries: 0 });
  const { response } = await client.chat.completions
    .create({ model: route, messages: [{ role: "user", content: "Hello" }] })
    .withResponse();
  expect(response.headers.get("x-switchyard-target")).toBe(`${primary.name}/gpt-4o-mini`);
  // An image: the feature the readiness check below finds the candidate lacking.
  await client.chat.completions.create({
    model: route,
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "Colour?" },
          { type: "image_url", image_url: { url: RED_PIXEL } },
        ],
      },
    ],
  });

  // Usage shows the route's two requests; its drill-down is the request log filtered to it.
  // A row narrows the page to its key, and the filter reads as the key's name, not its id.
  await gw.openUsage({ window: "1h", groupBy: "key" });
  await gw
    .usageRow(`app ${tag}`)
    .getByRole("link", { name: `app ${tag}`, exact: true })
    .click();
  await expect(gw.usageFilters()).toContainText(`Narrowed to key app ${tag}`);
  // …and the rows are that key's only.
  await expect(page.getByTestId("usage-row")).toHaveCount(1);
  await expect(gw.usageRow(`app ${tag}`)).toBeVisible();
  await gw.openUsage({ window: "1h", groupBy: "route" });
  const row = gw.usageRow(route);
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(1)).toHaveText("2");
  await row.getByRole("link", { name: "Open in the request log" }).click();
  await expect(page).toHaveURL(new RegExp(`route=${route}`));
  await expect(page.getByRole("heading", { level: 1, name: "Request log" })).toBeVisible();
  const logRows = page.getByTestId("request-log-row");
  await expect(logRows).toHaveCount(2);
  for (const r of await logRows.all()) {
    await expect(r).toContainText(route);
    await expect(r).toContainText(primary.name);
  }

  // A fault on the first target: three outages open its circuit; the backup answers meanwhile.
  await setBaseUrl(page, primary, `${SIM}/openai+auth/v1`);
  await expect
    .poll(
      async () => {
        const res = await client.chat.completions
          .create({ model: route, messages: [{ role: "user", content: "Hello" }] })
          .withResponse();
        return (res.response.headers.get("x-switchyard-fallbacks") ?? "").includes("circuit open");
      },
      { timeout: 30_000, intervals: [100] },
    )
    .toBe(true);
  await gw.openRoutes("staging");
  const first = gw.targetsOf(route).nth(0);
  await expect(first.getByTestId("circuit")).toHaveText(/^circuit open until \d\d:\d\d:\d\d$/);
  await expect(first).toContainText("last outage");
  await expect(gw.targetsOf(route).nth(1).getByTestId("circuit")).toHaveText("circuit closed");

  // Switch readiness: llama.cpp's simulated server refuses images, which this route's traffic used.
  const llamacpp = (await ensureSimulatedProviders(page)).find((p) => p.name === "Simulated llama.cpp")!;
  await probe(page, [llamacpp]);
  await gw.openReadiness();
  await gw.checkReadiness(route, llamacpp.name, llamacpp.defaultModel ?? "");
  await expect(gw.readinessAnswer).toContainText(/would break \d+ % of requests: images is unsupported/);
  await expect(gw.readinessFeature("vision")).toContainText("refused (breaks)");
  const markdown = await page.request.get(
    `/api/gateway/readiness?${new URLSearchParams({ route, providerId: llamacpp.id, model: llamacpp.defaultModel ?? "", format: "markdown" })}`,
  );
  expect(await markdown.text()).toContain("would break");
});

test("a viewer sees Routes read-only and no key actions or secrets", async ({ page, browser, baseURL }) => {
  await signInByApi(page, ADMIN);
  await ensureViewer(page);
  const made = await apiPost(page, "/api/gateway/keys", {
    name: `viewer-visible ${Date.now()}`,
    environment: "staging",
  });
  expect(made.status()).toBe(201);
  const { key } = (await made.json()) as { key: { name: string; prefix: string } };
  // A route of its own, so "no edit buttons" is checked against a route that is shown.
  const target = await ensureProvider(page, {
    name: "GW viewer target",
    kind: "openai",
    baseUrl: `${SIM}/openai/v1`,
    apiKey: "e2e-not-the-sim-key",
    defaultModel: "gpt-4o-mini",
    environments: ["staging"],
  });
  const route = `viewer-${Date.now().toString(36)}`;
  const routeMade = await apiPost(page, "/api/gateway/routes", {
    name: route,
    environment: "staging",
    targets: [{ providerId: target.id, model: "gpt-4o-mini" }],
  });
  expect(routeMade.status()).toBe(201);

  const viewer = await browser.newPage({ baseURL });
  await signInByApi(viewer, VIEWER);
  const gw = new GatewayPages(viewer);
  await gw.openRoutes("staging");
  await expect(viewer.getByTestId("routes-read-only")).toBeVisible();
  await expect(gw.routeCard(route)).toBeVisible();
  await expect(viewer.getByRole("button", { name: "New route" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Delete" })).toHaveCount(0);

  await gw.openKeys();
  await expect(viewer.getByTestId("keys-read-only")).toBeVisible();
  await expect(viewer.getByRole("row").filter({ hasText: key.name })).toBeVisible();
  await expect(viewer.getByRole("form", { name: "New key" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  await expect(viewer.getByText(key.prefix)).toHaveCount(0);
  // Not in the data the page hands the browser either (Next inlines it in the HTML).
  expect(await viewer.content()).not.toContain(key.prefix);
  expect((await viewer.request.get("/api/gateway/keys")).status()).toBe(403);
  await viewer.close();
});
