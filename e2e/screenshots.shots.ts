import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import OpenAI from "openai";
import {
  ADMIN,
  apiPost,
  ensureProbedSimulatedProviders,
  ensureProvider,
  listProviders,
  probe,
  setBaseUrl,
  signInByApi,
} from "./fixtures";
import { GatewayPages } from "./pages/gateway";
import { MatrixPage } from "./pages/matrix-page";
import { PlaygroundPage } from "./pages/playground-page";

/** Where `npm run screenshots` writes (committed, shown in the README). */
const OUT = path.resolve(import.meta.dirname, "../docs/screenshots");
const SIZES = [
  { name: "1440", width: 1440, height: 900 },
  { name: "390", width: 390, height: 844 },
] as const;
const THEMES = ["light", "dark"] as const;

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

/**
 * Waits until the page has laid itself out for the new size: every scroll frame has decided
 * whether it scrolls (it measures after a resize), and two frames have been painted.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>("[data-overflows]")].every((el) => {
      const content = el.firstElementChild as HTMLElement | null;
      const overflows = !!content && content.offsetWidth > el.clientWidth + 1;
      return String(overflows) === el.dataset.overflows;
    }),
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** One PNG per size and theme: `<name>-<width>-<theme>.png`. `prepare` runs after each resize. */
async function shoot(page: Page, name: string, prepare?: () => Promise<void>, fullPage = true): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  for (const size of SIZES) {
    for (const theme of THEMES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
      if (prepare) await prepare();
      // From the top: a full-page capture of a scrolled page draws the sticky header mid-page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await settled(page);
      await page.screenshot({ path: path.join(OUT, `${name}-${size.name}-${theme}.png`), fullPage });
    }
  }
  // Back to a wide, light page for the next steps.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
}

test("seed: probed simulated providers, a history with changes, playground sessions", async ({ page }) => {
  test.setTimeout(300_000);
  await signInByApi(page, ADMIN);
  const providers = await ensureProbedSimulatedProviders(page);
  // History: LM Studio probed again, slower, then while flaky (a regression to show).
  const lmstudio = providers.find((p) => p.name === "Simulated LM Studio")!;
  const runs = (await (await page.request.get(`/api/runs?providerId=${lmstudio.id}`)).json()) as { runs: unknown[] };
  if (runs.runs.length < 3) {
    const plain = lmstudio.baseUrl.replace(/\/sim\/[^/]+\/v1$/, "/sim/lmstudio/v1");
    await setBaseUrl(page, lmstudio, plain.replace("/sim/lmstudio/v1", "/sim/lmstudio+slow/v1"));
    await probe(page, [lmstudio]);
    const fresh = (await listProviders(page)).find((p) => p.id === lmstudio.id)!;
    await setBaseUrl(page, fresh, plain.replace("/sim/lmstudio/v1", "/sim/lmstudio+flaky/v1"));
    await probe(page, [fresh]);
    await setBaseUrl(
      page,
      (await listProviders(page)).find((p) => p.id === lmstudio.id)!,
      plain,
    );
  }
  expect(providers).toHaveLength(7);
});

test("matrix, both layouts, and the evidence of a cell", async ({ page }) => {
  await signInByApi(page, ADMIN);
  await page.goto("/matrix");
  const matrix = new MatrixPage(page);
  await matrix.setLayout("Features as rows");
  await shoot(page, "matrix-features");
  await matrix.setLayout("Providers as rows");
  await shoot(page, "matrix-providers");
  await matrix.setLayout("Features as rows");
  const dialog = await matrix.openEvidence("Simulated LM Studio", "json_mode");
  // The newest run is the flaky one (a 5xx may come before the 400): the form is what is checked.
  await expect(dialog.exchangeErrors.first()).toHaveText(/^HTTP \d{3}: /);
  await expect(dialog.previous).not.toHaveText("…");
  await dialog.openFirstRequestExcerpt();
  await shoot(page, "evidence", undefined, false);
});

test("history of a model", async ({ page }) => {
  await signInByApi(page, ADMIN);
  const lmstudio = (await listProviders(page)).find((p) => p.name === "Simulated LM Studio")!;
  await page.goto(`/matrix/history?providerId=${lmstudio.id}&model=${encodeURIComponent(lmstudio.defaultModel!)}`);
  const chart = page.getByRole("figure", { name: "Latency per feature over time" });
  await expect(chart.locator(".recharts-line").first()).toBeVisible();
  await shoot(page, "history");
});

test("providers and settings", async ({ page }) => {
  await signInByApi(page, ADMIN);
  await page.goto("/providers");
  await expect(page.getByRole("heading", { level: 1, name: "Providers" })).toBeVisible();
  await shoot(page, "providers");
  const ollama = (await listProviders(page)).find((p) => p.name === "Simulated Ollama")!;
  await page.goto(`/providers/${ollama.id}`);
  await page.getByRole("button", { name: "Test connection" }).first().click();
  await expect(page.getByTestId("connection-result")).toContainText("Reachable");
  await shoot(page, "provider");
  await page.goto("/settings");
  await shoot(page, "settings");
});

test("playground: a chat, a comparison, a fallback", async ({ page }) => {
  test.setTimeout(120_000);
  await signInByApi(page, ADMIN);
  await ensureProvider(page, {
    name: "Hanging Ollama",
    baseUrl: `${new URL(test.info().project.use.baseURL!).origin}/sim/ollama+hang/v1`,
    defaultModel: "llama3.1:8b",
    timeoutMs: 1000,
    environments: ["development", "staging"],
  });
  const playground = new PlaygroundPage(page);
  await page.goto("/playground");
  await playground.newSession();
  await playground.target("Simulated OpenAI", "gpt-4o-mini");
  await playground.send("What is a railway switchyard? Answer in two short paragraphs.");
  await playground.waitForReply();
  await expect(playground.savedSession("What is a railway switchyard?").first()).toBeVisible();
  await shoot(page, "playground", undefined, false);

  await playground.newSession();
  await page.getByRole("button", { name: "Compare side by side" }).click();
  await playground.target("Simulated OpenAI", "gpt-4o-mini", 1);
  await playground.target("Simulated Ollama", "llama3.1:8b", 2);
  await playground.send("Name three uses of a switchyard.");
  await playground.waitForReply(1);
  await playground.waitForReply(2);
  await expect(playground.savedSession("Name three uses").first()).toBeVisible();
  await shoot(page, "playground-compare", undefined, false);

  await playground.newSession();
  await playground.target("Hanging Ollama", "llama3.1:8b");
  await playground.addFallback("Simulated LM Studio", "qwen2.5-7b-instruct");
  await page.getByLabel("JSON mode").check();
  await playground.send("Describe a switchyard as JSON.");
  await playground.waitForReply(1, 30_000);
  await expect(playground.savedSession("Describe a switchyard as JSON.").first()).toBeVisible();
  await shoot(page, "playground-fallback", undefined, false);
  // The degradation's popover: what was done, why, and a link to what decided it.
  await playground.lastReply().getByTestId("degradation-badge").first().click();
  await expect(page.getByTestId("degradation-popover").first()).toBeVisible();
  await page.screenshot({ path: path.join(OUT, "playground-degradation-popover-1440-light.png") });
});

test("gateway: routes, keys, connect, usage, switch readiness", async ({ page }) => {
  test.setTimeout(120_000);
  await signInByApi(page, ADMIN);
  const providers = await ensureProbedSimulatedProviders(page);
  const id = (name: string) => providers.find((p) => p.name === name)!.id;
  await apiPost(page, "/api/gateway/routes", {
    name: "default",
    environment: "development",
    targets: [
      { providerId: id("Simulated OpenAI"), model: "gpt-4o-mini" },
      { providerId: id("Simulated Ollama"), model: "llama3.1:8b" },
    ],
  });
  const made = await apiPost(page, "/api/gateway/keys", { name: "billing-service", environment: "development" });
  const { secret } = (await made.json()) as { secret: string };
  // Some traffic for Usage and readiness: chat, a stream, tools, the Responses API.
  const client = new OpenAI({ baseURL: `${test.info().project.use.baseURL}/v1`, apiKey: secret, maxRetries: 0 });
  const messages = [{ role: "user" as const, content: "Say hello" }];
  for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: "default", messages });
  for await (const _ of await client.chat.completions.create({ model: "default", messages, stream: true }));
  await client.chat.completions.create({
    model: "default",
    messages,
    tools: [{ type: "function", function: { name: "get_time", parameters: { type: "object" } } }],
  });
  await client.responses.create({ model: "default", input: "Say hello" });
  const gw = new GatewayPages(page);
  await gw.openRoutes("development");
  // The targets' verdicts and circuits are read after the page: shown once they are there.
  await expect(page.getByTestId("circuit").first()).toBeVisible();
  await shoot(page, "gateway-routes");
  await gw.openKeys();
  await shoot(page, "gateway-keys");
  await page.goto("/gateway/connect");
  await shoot(page, "gateway-connect");
  await gw.openUsage({ window: "1h", groupBy: "route" });
  await shoot(page, "gateway-usage");
  await gw.openReadiness();
  await gw.checkReadiness("default", "Simulated llama.cpp", "qwen2.5-0.5b-instruct-q4_k_m.gguf");
  await expect(gw.readinessAnswer).toBeVisible();
  await shoot(page, "gateway-readiness");
});
