import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { PNG } from "pngjs";
import { SIMULATOR_PORT } from "../playwright.config";
import {
  ADMIN,
  VIEWER,
  ensureProbedSimulatedProviders,
  ensureProvider as ensureStoredProvider,
  ensureViewer,
  signIn,
  signInByApi,
} from "./fixtures";
import { PlaygroundPage } from "./pages/playground-page";

// Seeds what it needs: the seven simulated providers, probed (so LM Studio's json_mode is known
// to be unsupported), and providers on the standalone simulator: one slow (to watch a reply
// grow and stop it), one that never answers, one that refuses its key.
test.describe.configure({ mode: "serial" });

const SIM = `http://127.0.0.1:${SIMULATOR_PORT}`;

function ensureProvider(page: Page, name: string, profilePath: string, extra: object = {}) {
  return ensureStoredProvider(page, {
    name,
    baseUrl: `${SIM}/${profilePath}/v1`,
    defaultModel: "llama3.1:8b",
    ...extra,
  });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage();
  await signInByApi(page, ADMIN);
  await ensureViewer(page);
  await ensureProbedSimulatedProviders(page);
  await page.close();
});

test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN);
});

test("a reply streams in token by token, shows its metrics, and Stop cuts it off", async ({ page }) => {
  test.setTimeout(60_000);
  await ensureProvider(page, "Slow Ollama", "ollama+slow");
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Slow Ollama", "llama3.1:8b");
  // Every text the reply shows is recorded in the page as it changes (no polling from here,
  // which could miss steps on a busy machine).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as Window & { __replyTexts?: string[] }).__replyTexts = seen;
    new MutationObserver(() => {
      const replies = document.querySelectorAll('[data-testid="reply-content"]');
      const text = replies[replies.length - 1]?.textContent?.trim() ?? "";
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await playground.send("Tell me about lighthouses.");

  const reply = playground.lastReply();
  const content = reply.getByTestId("reply-content");
  await expect(reply).toHaveAttribute("data-state", "done", { timeout: 20_000 });
  const seen = await page.evaluate(() => (window as Window & { __replyTexts?: string[] }).__replyTexts ?? []);
  // At least two different partial texts were on screen before the whole reply.
  expect(new Set(seen).size).toBeGreaterThanOrEqual(3);
  const finalText = (await content.textContent())?.trim() ?? "";
  for (const partial of seen) expect(finalText.startsWith(partial)).toBe(true);
  await expect(reply.getByTestId("reply-metrics")).toContainText(/first token/i);
  await expect(reply.getByTestId("reply-metrics")).toContainText(/tok\/s/i);
  await expect(reply.getByTestId("answered-by")).toContainText("Slow Ollama · llama3.1:8b");

  // Stop mid-stream: the reply stops growing and the call is logged as aborted.
  // Long enough (about 400 tokens at 20 ms each) that Stop lands mid-stream on a busy machine too.
  await playground.send("Count from 1 to 200.");
  const second = playground.lastReply();
  await expect(second.getByTestId("reply-content")).not.toBeEmpty();
  await playground.button("Stop").click();
  await expect(second).not.toHaveAttribute("data-state", "streaming");
  const stopped = await second.getByTestId("reply-content").textContent();
  await page.waitForTimeout(600);
  expect(await second.getByTestId("reply-content").textContent()).toBe(stopped);
  await expect(playground.messageBox).toBeEnabled();

  await playground.requestLogLink.click();
  await expect(playground.logRow("aborted")).toBeVisible();
});

test("JSON mode on LM Studio (probed unsupported) is emulated: badge with the reason, valid JSON", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Simulated LM Studio", "qwen2.5-7b-instruct");
  await playground.setting("JSON mode").check();
  await playground.send("Describe a lighthouse.");
  const reply = await playground.waitForReply();
  await expect(reply).toHaveAttribute("data-state", "done");
  const badge = reply.getByTestId("degradation-badge");
  await expect(badge).toHaveText(/JSON by instruction/);
  // The badge opens a popover (not a browser tooltip): what was done, why, and the probe run behind it.
  await expect(badge).not.toHaveAttribute("title", /./);
  await badge.click();
  const popover = playground.degradationPopover("JSON by instruction");
  await expect(popover).toBeVisible();
  await expect(popover).toContainText(/response_format json_object/);
  await expect(popover).toContainText(/latest probe of this model: its verdict was unsupported/);
  const runLink = popover.getByRole("link", { name: "Open the probe run" });
  await expect(runLink).toHaveAttribute("href", /^\/runs\/[\w-]+$/);
  await page.keyboard.press("Escape");
  await expect(popover).toBeHidden();
  const text = (await reply.getByTestId("reply-content").textContent()) ?? "";
  expect(JSON.parse(text.trim())).toBeInstanceOf(Object);
});

test("a tool call is displayed and answered with a typed result", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Simulated OpenAI", "gpt-4o-mini");
  await playground.setting("Tools").check();
  await expect(playground.setting("Tool definitions")).toHaveValue(/get_weather/);
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
  await playground.attachImage.setInputFiles(file);
  await playground.send("What colour is this image?");
  const reply = await playground.waitForReply();
  await expect(reply.getByTestId("reply-content")).toContainText("red");
});

test("compare two providers side by side, each with its own metrics", async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open();
  const first = await playground.column(1).getByLabel("Provider", { exact: true }).inputValue();
  await playground.button("Compare side by side").click();
  // A new column starts at the environment's default target, like the first one, not at some other provider.
  await expect(playground.column(2).getByLabel("Provider", { exact: true })).toHaveValue(first);
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
  // The reply's timing is the answering target's; the time lost to the hanging one is told apart.
  await expect(reply.getByTestId("reply-lost-time")).toHaveText(/^\d+(\.\d+)? s lost to a failed target first$/);
});

test("a provider's error shows inline with its status and message, and the page stays usable", async ({ page }) => {
  await ensureProvider(page, "Locked Ollama", "ollama+auth");
  const playground = new PlaygroundPage(page);
  await playground.open();
  await playground.target("Locked Ollama", "llama3.1:8b");
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
  await playground.newSession();
  await playground.target("Simulated OpenAI", "gpt-4o-mini");
  await playground.send("Remember the lighthouse keeper.");
  await playground.waitForReply();
  const sessions = playground.savedSessions;
  await expect(playground.savedSession("Remember the lighthouse keeper.").first()).toBeVisible();

  await page.reload();
  await playground.savedSession("Remember the lighthouse keeper.").first().click();
  await expect(playground.firstUserMessage).toContainText("Remember the lighthouse keeper.");
  await expect(playground.lastReply()).toHaveAttribute("data-state", "done");

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const item = sessions.getByRole("listitem").filter({ hasText: "Remember the lighthouse keeper." }).first();
  await item.getByRole("button", { name: "Share" }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/playground\/s\/[\w-]+$/);

  const viewer = await browser.newPage();
  await signIn(viewer, VIEWER);
  await viewer.goto(new URL(link).pathname);
  await expect(viewer.getByTestId("user-message").first()).toContainText("Remember the lighthouse keeper.");
  await expect(viewer.getByRole("button", { name: "Send", exact: true })).toHaveCount(0);
  await viewer.goto("/playground");
  // Read-only, said so: no message box, no Send, and the settings say they cannot be changed.
  await expect(viewer.getByRole("note")).toContainText(/Read-only\. Viewers cannot send messages/);
  await expect(viewer.getByLabel("Message")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Send", exact: true })).toHaveCount(0);
  await expect(viewer.getByText(/Read-only: viewers see the settings/)).toBeVisible();
  await viewer.close();
});
