import { expect, test, type Page, type Response } from "@playwright/test";
import { DISCOVERY_LAYOUT, SIMULATOR_PORT } from "../playwright.config";
import { ADMIN, VIEWER, ensureProvider, ensureViewer, signIn, signInByApi } from "./fixtures";
import { ProvidersPage } from "./pages/providers-page";

const PLANTED_KEY = "sk-e2e-PLANTED-4b8d2f6a9c1e3d5f7a9b";
const SIM = `http://127.0.0.1:${SIMULATOR_PORT}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signInByApi(page, ADMIN);
  await ensureViewer(page);
  await page.close();
});

type ReadResponse = { url: string; method: string; type: string; contentType: string; body: string | null };

/**
 * Starts recording the text of every document, fetch/XHR (JSON API) and RSC payload response the
 * page receives; images, fonts, styles and scripts are skipped. The returned function stops and
 * waits for the bodies. `body` is null when the browser no longer had it (a redirect, a request
 * cut off by a navigation).
 */
function recordResponses(page: Page): () => Promise<ReadResponse[]> {
  const reads: Promise<ReadResponse>[] = [];
  const onResponse = (res: Response) => {
    const type = res.request().resourceType();
    if (type !== "document" && type !== "fetch" && type !== "xhr") return;
    const meta = {
      url: res.url(),
      method: res.request().method(),
      type,
      contentType: res.headers()["content-type"] ?? "",
    };
    reads.push(
      res.text().then(
        (body) => ({ ...meta, body }),
        () => ({ ...meta, body: null }),
      ),
    );
  };
  page.on("response", onResponse);
  return async () => {
    page.off("response", onResponse);
    return Promise.all(reads);
  };
}

test("an admin adds an Ollama provider, tests it before saving, sees its models, edits and deletes it", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  const providers = new ProvidersPage(page);
  await providers.open();

  // The Ollama preset is http://localhost:11434/v1, or http://ollama:11434/v1 inside Docker.
  const { presets } = await (await page.request.get("/api/providers/presets")).json();
  const ollamaUrl = presets.find((p: { kind: string }) => p.kind === "ollama").baseUrl;
  expect(["http://localhost:11434/v1", "http://ollama:11434/v1"]).toContain(ollamaUrl);

  await providers.link("Add provider").click();
  await providers.link(/^Ollama/).click();
  await expect(providers.field("Base URL")).toHaveValue(ollamaUrl);
  await expect(providers.field("Default chat model")).toHaveValue("llama3.1");

  // Validation names the field before anything is sent.
  await providers.field("Base URL").fill("ftp://nowhere");
  await providers.field("Timeout (ms)").fill("10");
  await providers.button("Add provider").click();
  await expect(providers.message("Base URL must use http or https")).toBeVisible();
  await expect(providers.message("Timeout (ms) must be at least 1000 ms")).toBeVisible();

  await providers.field("Base URL").fill(`${SIM}/ollama/v1`);
  await providers.field("Timeout (ms)").fill("20000");
  await providers.field("API key").fill(PLANTED_KEY);
  // From here on, no response the browser receives may carry the key, not only the rendered HTML.
  const stopRecording = recordResponses(page);
  // Tested before anything is saved, from the form.
  await providers.button("Test connection").click();
  await expect(providers.connectionResult).toContainText("Reachable");
  expect((await providers.list()).some((p) => p.name === "Ollama")).toBe(false);
  await providers.button("Add provider").click();
  await expect(providers.heading("Ollama", { exact: true })).toBeVisible();

  // A successful test of the saved settings lists the server's models at once, and says their count once.
  await providers.button("Test connection").click();
  const result = providers.connectionResult;
  await expect(result).toContainText("Reachable");
  expect(((await result.textContent()) ?? "").match(/\d+ models?\b/g)).toHaveLength(1);
  const models = providers.modelsTable;
  await expect(models.getByRole("row", { name: /llama3\.1:8b/ })).toBeVisible();
  await expect(providers.capabilities("llama3.1:8b")).toContainText("tools");
  await expect(providers.capabilities(/Capabilities of llava/)).toContainText("vision");

  // The key is stored, shown only as a hint, never in the page.
  await expect(providers.message("A key is stored (sk-…7a9b). Leave blank to keep it.")).toBeVisible();
  expect(await page.content()).not.toContain(PLANTED_KEY);

  // A refusal by the server names the field in words, once, and shows its reason by the field.
  await providers.field("Base URL").fill("http://169.254.169.254/v1");
  await providers.button("Save changes").click();
  const banner = providers.formAlert("Not saved");
  await expect(banner).toHaveText("Not saved: check Base URL (see the message by the field).");
  await expect(providers.message(/^Base URL points at a link-local or cloud-metadata address/)).toBeVisible();
  await providers.field("Base URL").fill(`${SIM}/ollama/v1`);

  await providers.field("Timeout (ms)").fill("45000");
  await providers.button("Save changes").click();
  await expect(providers.message("Saved Ollama.")).toBeVisible();
  await page.reload();
  await expect(providers.field("Timeout (ms)")).toHaveValue("45000");
  await expect(providers.message("A key is stored (sk-…7a9b)")).toBeVisible();

  await providers.open();
  expect(await page.content()).not.toContain(PLANTED_KEY);
  await expect(providers.row("Ollama").getByRole("cell").nth(3)).toHaveText("set · sk-…7a9b");

  // Duplicate opens the copy's form; it is enabled because the original is.
  await providers.row("Ollama").getByRole("button", { name: "Duplicate Ollama" }).click();
  await expect(providers.heading("Ollama (copy)")).toBeVisible();
  await expect(providers.field("Enabled")).toBeChecked();
  await expect(providers.message(/A key is stored \(sk-…7a9b\)/)).toBeVisible();
  await providers.open();
  for (const name of ["Ollama (copy)", "Ollama"]) {
    page.once("dialog", (dialog) => dialog.accept());
    await providers
      .row(name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await expect(providers.message(`Deleted ${name}.`)).toBeVisible();
    await expect(providers.row(name)).toHaveCount(0);
  }

  const responses = (await stopRecording()).filter((r) => r.body !== null);
  // The scan covered the save itself, a full page load and an RSC payload, or it proves nothing.
  expect(responses.some((r) => r.method === "POST" && new URL(r.url).pathname === "/api/providers")).toBe(true);
  expect(responses.some((r) => r.type === "document")).toBe(true);
  expect(responses.some((r) => r.contentType.startsWith("text/x-component"))).toBe(true);
  const leaking = responses.filter((r) => r.body?.includes(PLANTED_KEY)).map((r) => `${r.method} ${r.url}`);
  expect(leaking).toEqual([]);
});

test("scan for local servers finds the servers on the configured ports", async ({ page }) => {
  await signIn(page, ADMIN);
  const providers = new ProvidersPage(page);
  await providers.open();
  await providers.button("Scan for local servers").click();
  const found = providers.found;
  await expect(found.getByRole("listitem").filter({ hasText: "Ollama" })).toContainText(
    `:${DISCOVERY_LAYOUT.ollama}/v1`,
  );
  await expect(found.getByRole("listitem").filter({ hasText: "LM Studio" })).toContainText(
    `:${DISCOVERY_LAYOUT.lmstudio}/v1`,
  );

  // "Add" opens the form pre-filled with what was found.
  await found.getByRole("link", { name: new RegExp(`Add Ollama at .*:${DISCOVERY_LAYOUT.ollama}/v1`) }).click();
  await expect(providers.field("Base URL")).toHaveValue(new RegExp(`:${DISCOVERY_LAYOUT.ollama}/v1$`));
  await expect(providers.field("Kind")).toHaveValue("ollama");
});

test("simulated providers are added from the providers page (once) and answer", async ({ page }) => {
  await signIn(page, ADMIN);
  const providers = new ProvidersPage(page);
  await providers.open();
  await providers.button("Add simulated providers").click();
  // first-run.spec.ts may have added them from the empty matrix already: then none is added twice.
  await expect(
    providers.message(/^(Added 7 simulated providers\.|All simulated providers already exist \(7\)\.)$/),
  ).toBeVisible();
  for (const name of ["Simulated OpenAI", "Simulated Ollama", "Simulated LM Studio", "Simulated llama.cpp"]) {
    await expect(providers.row(name)).toBeVisible();
  }
  await providers.openProvider("Simulated Ollama");
  await providers.button("Test connection").click();
  await expect(providers.connectionResult).toContainText("Reachable");
});

test("a viewer sees providers without secrets and cannot edit them (UI and API)", async ({ page }) => {
  await signIn(page, VIEWER);
  const providers = new ProvidersPage(page);
  await providers.open();
  await expect(providers.link("Add provider")).toHaveCount(0);
  await expect(providers.button("Add simulated providers")).toHaveCount(0);
  await providers.openProvider("Simulated Ollama");
  await expect(providers.message("Only admins change provider settings.")).toBeVisible();
  await expect(providers.button("Save changes")).toHaveCount(0);
  // The add form is for admins: a viewer who opens it is told so, not silently sent elsewhere.
  await page.goto("/providers/new");
  await expect(page).toHaveURL(/\/providers\/new$/);
  await expect(providers.anyHeading("Admins only")).toBeVisible();

  const list = await (await page.request.get("/api/providers")).json();
  const target = list.providers.find((p: { name: string }) => p.name === "Simulated Ollama");
  const put = await page.request.put(`/api/providers/${target.id}`, { data: { ...target, version: target.version } });
  expect(put.status()).toBe(403);
  const del = await page.request.delete(`/api/providers/${target.id}`);
  expect(del.status()).toBe(403);
});

test("Test connection checks the configured models and fixes a missing one in one click", async ({ page }) => {
  await signIn(page, ADMIN);
  // The Ollama preset's model names, against a server that lists llama3.1:8b and nomic-embed-text:latest.
  // A new provider each attempt (a retry must not find the one the first attempt fixed).
  const name = `Ollama with preset models ${Date.now().toString(36)}`;
  const provider = await ensureProvider(page, {
    name,
    baseUrl: `${SIM}/ollama/v1`,
    defaultModel: "llama3.1",
    embeddingModel: "nomic-embed-text",
  });
  await page.goto(`/providers/${provider.id}`);
  const providers = new ProvidersPage(page);
  await providers.testConnection();
  await expect(providers.connectionResult).toContainText("the default model llama3.1 is not among them");
  await expect(providers.modelCheck("defaultModel")).toContainText("Default chat model llama3.1: not served");
  // Ollama resolves a name without a tag to :latest, and so does the check.
  await expect(providers.modelCheck("embeddingModel")).toContainText("Embedding model nomic-embed-text: served");

  await providers
    .modelCheck("defaultModel")
    .getByRole("button", { name: /^Use llama3\.1:8b/ })
    .click();
  await expect(providers.message(`Saved ${name}.`)).toBeVisible();
  await expect(providers.modelCheck("defaultModel")).toContainText("Default chat model llama3.1:8b: served");
  await expect(providers.field("Default chat model")).toHaveValue("llama3.1:8b");
  const saved = (await providers.list()).find((p) => p.id === provider.id) as { defaultModel?: string } | undefined;
  expect(saved?.defaultModel).toBe("llama3.1:8b");
});
