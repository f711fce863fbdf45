import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { PNG } from "pngjs";
import { SIMULATOR_PORT } from "../playwright.config";
import { ADMIN, VIEWER, signIn } from "./fixtures";
import { PlaygroundPage } from "./pages/playground-page";

// Runs after q-matrix.spec.ts: the seven "Simulated …" providers exist and are probed (so
// LM Studio's json_mode is known to be unsupported). Adds two providers on the standalone
// simulator: one slow (to watch a reply grow and stop it), one that never answers.
test.describe.configure({ mode: "serial" });

const SIM = `http://127.0.0.1:${SIMULATOR_PORT}`;

async function ensureProvider(page: Page, name: string, profilePath: string, extra: object = {}): Promise<void> {
  const list = (await (await page.request.get("/api/providers")).json()) as { providers: { name: string }[] };
  if (list.providers.some((p) => p.name === name)) return;
  const res = await page.request.post("/api/providers", {
    data: {
      name,
      kind: "ollama",
      baseUrl: `${SIM}/${profilePath}/v1`,
      defaultModel: "llama3.1:8b",
      timeoutMs: 30_000,
      maxRetries: 0,
      concurrency: 4,
      environments: ["staging"],
      ...extra,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN);
});

test("a reply streams in token by token, shows its metrics, and Stop cuts it off", async ({ page }) => {
  test.setTimeout(60_000);
  await ensureProvider(page, "Slow Ollama", "ollama+slow");
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Slow Ollama", "llama3.1:8b");
  await playground.send("Tell me about lighthouses.");

  const reply = playground.lastReply();
  await expect(reply).toHaveAttribute("data-state", "streaming");
  const content = reply.getByTestId("reply-content");
  const seen = new Set<string>();
  for (let i = 0; i < 200 && (await reply.getAttribute("data-state")) === "streaming"; i++) {
    const text = (await content.textContent())?.trim() ?? "";
    if (text) seen.add(text);
    await page.waitForTimeout(15);
  }
  // At least two different partial texts were on screen before the reply finished.
  expect(seen.size).toBeGreaterThanOrEqual(2);
  await expect(reply).toHaveAttribute("data-state", "done");
  const finalText = (await content.textContent())?.trim() ?? "";
  for (const partial of seen) expect(finalText.startsWith(partial)).toBe(true);
  await expect(reply.getByTestId("reply-metrics")).toContainText(/first token/i);
  await expect(reply.getByTestId("reply-metrics")).toContainText(/tok\/s/i);
  await expect(reply.getByTestId("answered-by")).toContainText("Slow Ollama · llama3.1:8b");

  // Stop mid-stream: the reply stops growing and the call is logged as aborted.
  await playground.send("Write a very long story about a harbour at night.");
  const second = playground.lastReply();
  await expect(second.getByTestId("reply-content")).not.toBeEmpty();
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(second).not.toHaveAttribute("data-state", "streaming");
  const stopped = await second.getByTestId("reply-content").textContent();
  await page.waitForTimeout(600);
  expect(await second.getByTestId("reply-content").textContent()).toBe(stopped);
  await expect(page.getByLabel("Message")).toBeEnabled();

  await page.getByRole("link", { name: "Request log" }).click();
  await expect(page.getByRole("row").filter({ hasText: "aborted" }).first()).toBeVisible();
});

test("JSON mode on LM Studio (probed unsupported) is emulated: badge with the reason, valid JSON", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Simulated LM Studio", "qwen2.5-7b-instruct");
  await page.getByLabel("JSON mode").check();
  await playground.send("Describe a lighthouse.");
  const reply = await playground.waitForReply();
  await expect(reply).toHaveAttribute("data-state", "done");
  const badge = reply.getByTestId("degradation-badge");
  await expect(badge).toHaveText(/JSON by instruction/);
  await expect(badge).toHaveAttribute("title", /response_format json_object.*probe/is);
  const text = (await reply.getByTestId("reply-content").textContent()) ?? "";
  expect(JSON.parse(text.trim())).toBeInstanceOf(Object);
});

test("a tool call is displayed and answered with a typed result", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Simulated OpenAI", "gpt-4o-mini");
  await page.getByLabel("Tools").check();
  await expect(page.getByLabel("Tool definitions")).toHaveValue(/get_weather/);
  await playground.send("What is the weather in Paris?");
  const reply = await playground.waitForReply();
  const call = reply.getByTestId("tool-call");
  await expect(call).toContainText("get_weather");
  await call.getByLabel("Result for get_weather").fill('{"temperature": 21, "sky": "clear"}');
  await call.getByRole("button", { name: "Send tool result" }).click();
  const answer = playground.lastReply();
  await expect(answer).toHaveAttribute("data-state", "done", { timeout: 20_000 });
  await expect(answer.getByTestId("reply-content")).toContainText("According to the tool");
  await expect(answer.getByTestId("reply-content")).toContainText("21");
});

test("an attached image is described by its colour on a vision model", async ({ page }) => {
  const png = new PNG({ width: 24, height: 24 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([220, 20, 30, 255], i);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sy-e2e-")), "red.png");
  fs.writeFileSync(file, PNG.sync.write(png));

  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Simulated vLLM", "Qwen/Qwen2.5-VL-7B-Instruct");
  await page.getByLabel("Attach image").setInputFiles(file);
  await playground.send("What colour is this image?");
  const reply = await playground.waitForReply();
  await expect(reply.getByTestId("reply-content")).toContainText("red");
});

test("compare two providers side by side, each with its own metrics", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  await page.getByRole("button", { name: "Compare side by side" }).click();
  await playground.target("Simulated OpenAI", "gpt-4o-mini", 1);
  await playground.target("Simulated vLLM", "Qwen/Qwen2.5-VL-7B-Instruct", 2);
  await playground.send("Say hello in one sentence.");
  for (const [n, name] of [
    [1, "Simulated OpenAI"],
    [2, "Simulated vLLM"],
  ] as const) {
    const reply = await playground.waitForReply(n);
    await expect(reply).toHaveAttribute("data-state", "done");
    await expect(reply.getByTestId("answered-by")).toContainText(name);
    await expect(reply.getByTestId("reply-metrics")).toContainText(/first token/i);
  }
});

test("a hanging provider falls back to a healthy one, and the reply says who answered and why", async ({ page }) => {
  test.setTimeout(60_000);
  await ensureProvider(page, "Hanging Ollama", "ollama+hang", { timeoutMs: 1000 });
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Hanging Ollama", "llama3.1:8b");
  await playground.addFallback("Simulated OpenAI", "gpt-4o-mini");
  await playground.send("Hello?");
  const reply = await playground.waitForReply(1, 30_000);
  await expect(reply).toHaveAttribute("data-state", "done");
  await expect(reply.getByTestId("answered-by")).toContainText("Simulated OpenAI · gpt-4o-mini");
  await expect(reply.getByTestId("fallback-path")).toContainText("Hanging Ollama");
  await expect(reply.getByTestId("fallback-path")).toContainText(/timed out/);
});

test("a provider's error shows inline with its status and message, and the page stays usable", async ({ page }) => {
  // q-matrix.spec.ts left Simulated Ollama pointing at a fault mode that refuses its key (401).
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Simulated Ollama", "llama3.1:8b");
  await playground.send("Hello?");
  const reply = await playground.waitForReply();
  await expect(reply).toHaveAttribute("data-state", "error");
  await expect(reply.getByRole("alert")).toContainText("401");
  await expect(reply.getByRole("alert")).toContainText(/API key/i);
  await playground.target("Simulated OpenAI", "gpt-4o-mini");
  await playground.send("Hello again?");
  await expect(playground.lastReply()).toHaveAttribute("data-state", "done", { timeout: 20_000 });
});

test("sessions are saved, reopened, and shared read-only; viewers cannot send", async ({ page, browser }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  await page.getByRole("button", { name: "New session" }).click();
  await playground.target("Simulated OpenAI", "gpt-4o-mini");
  await playground.send("Remember the lighthouse keeper.");
  await playground.waitForReply();
  const sessions = page.getByRole("navigation", { name: "Saved sessions" });
  await expect(sessions.getByText("Remember the lighthouse keeper.")).toBeVisible();

  await page.reload();
  await sessions.getByText("Remember the lighthouse keeper.").click();
  await expect(page.getByTestId("user-message").first()).toContainText("Remember the lighthouse keeper.");
  await expect(playground.lastReply()).toHaveAttribute("data-state", "done");

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const item = sessions.getByRole("listitem").filter({ hasText: "Remember the lighthouse keeper." });
  await item.getByRole("button", { name: "Share" }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/playground\/s\/[\w-]+$/);

  const viewer = await browser.newPage();
  await signIn(viewer, VIEWER);
  await viewer.goto(new URL(link).pathname);
  await expect(viewer.getByTestId("user-message").first()).toContainText("Remember the lighthouse keeper.");
  await expect(viewer.getByRole("button", { name: "Send", exact: true })).toHaveCount(0);
  await viewer.goto("/playground");
  await expect(viewer.getByText(/Viewers cannot send messages/)).toBeVisible();
  await viewer.close();
});
