import { expect, test } from "@playwright/test";
import { SIMULATOR_PORT } from "../playwright.config";
import {
  ADMIN,
  ensureProbedSimulatedProviders,
  ensureProvider,
  ensureSimulatedProviders,
  probe,
  setBaseUrl,
  signIn,
} from "./fixtures";
import { HistoryPage } from "./pages/history-page";
import { MatrixPage } from "./pages/matrix-page";
import { RunPage } from "./pages/run-page";

// Seeds the seven simulated providers through the API, and providers of its own on the
// standalone simulator (in staging, so the development matrix keeps the seven); it changes
// nothing another spec relies on.
test.describe.configure({ mode: "serial" });

test("run every probe from the dashboard: progress only grows, cells fill in, the page never scrolls sideways", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN);
  await ensureSimulatedProviders(page);
  await page.goto("/matrix");
  const matrix = new MatrixPage(page);
  // A fresh install offers "Run probes"; once probed, "Run all probes" runs them again.
  const following = page.waitForRequest((r) => /\/api\/runs\/[^/]+\/events$/.test(r.url()));
  await matrix.runAll();
  await following;

  // Sampled until the runs end: a total that never shrinks (it grows only when a run is first seen:
  // the page's own first read can land while the runs are still being created), a done count that
  // never goes back, and a page as wide as the window while cells show their spinners.
  const bar = matrix.progress;
  await expect(bar).toBeVisible();
  const seen: { done: number; total: number; overflow: number }[] = [];
  while (await bar.isVisible()) {
    const sample = await page.evaluate(() => {
      const el = document.querySelector<HTMLProgressElement>('progress[aria-label="Probing progress"]');
      return el
        ? {
            done: el.value,
            total: el.max,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          }
        : null;
    });
    if (sample) seen.push(sample);
  }
  expect(seen.length).toBeGreaterThan(0);
  // Every total is whole runs of every feature of the catalogue.
  const { features } = (await (await page.request.get("/api/runs/features")).json()) as { features: unknown[] };
  for (const s of seen) {
    expect(s.total % features.length).toBe(0);
    expect(s.done).toBeLessThanOrEqual(s.total);
  }
  // At most the one growth when runs still being created are first seen.
  expect(new Set(seen.map((s) => s.total)).size).toBeLessThanOrEqual(2);
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    expect(seen[i]!.total, `totals seen: ${[...new Set(seen.map((x) => x.total))].join(" → ")}`).toBeGreaterThanOrEqual(
      seen[i - 1]!.total,
    );
  }
  expect(Math.max(...seen.map((s) => s.overflow))).toBeLessThanOrEqual(0);

  await expect(matrix.cell("Simulated OpenAI", "chat")).toHaveAttribute("data-verdict", "supported");
  // LM Studio refuses json_object with 400: a refusal, so unsupported (never "error").
  await expect(matrix.cell("Simulated LM Studio", "json_mode")).toHaveAttribute("data-verdict", "unsupported");
  const partial = matrix.cell("Simulated Ollama", "tool_choice");
  await expect(partial).toHaveAttribute("data-verdict", "partial");
  // The word is in the cell's name and tooltip; the icon alone carries no emoji.
  const partialButton = matrix.cellButton("Simulated Ollama", "tool_choice");
  await expect(partialButton).toHaveAttribute("title", /Forced tool choice.*partial in \d+ ms/i);
  await expect(partialButton).toHaveAccessibleName(/Simulated Ollama · .*, Forced tool choice: partial/);
  await expect(partial).not.toContainText("⚠");
});

test("the layout toggles between features and providers as rows and is remembered for the user", async ({ page }) => {
  await signIn(page, ADMIN);
  const matrix = new MatrixPage(page);
  await matrix.setLayout("Providers as rows");
  await expect(matrix.grid.getByRole("rowheader", { name: /^Simulated OpenAI · / })).toBeVisible();
  await page.reload();
  await expect(matrix.layoutButton("Providers as rows")).toHaveAttribute("aria-pressed", "true");
  await matrix.setLayout("Features as rows");
  await expect(matrix.grid.getByRole("rowheader", { name: "JSON mode" })).toBeVisible();
  await expect(matrix.grid.getByRole("columnheader", { name: /^Simulated OpenAI · / })).toBeVisible();
  // Remembered on the server for this account, not in this browser.
  const saved = await (await page.request.get("/api/me/preferences")).json();
  expect(saved.preferences).toEqual({ matrixOrientation: "features" });
});

test("the evidence behind a cell: who ran it and when, the request and response, wrapped", async ({ page }) => {
  await signIn(page, ADMIN);
  const matrix = new MatrixPage(page);
  const dialog = await matrix.openEvidence("Simulated LM Studio", "json_mode");
  await expect(dialog.heading).toHaveText(/JSON mode — evidence/);
  // A failed exchange reads as the server's status and its own message.
  await expect(dialog.exchangeErrors.first()).toHaveText(/^HTTP 400: .*json_schema/);
  await expect(dialog.reason).toContainText("must be 'json_schema' or 'text'");
  await expect(dialog.previous).not.toHaveText("…");
  // One date format: relative, with the exact local time on hover; the trigger in words.
  const probed = dialog.probed;
  await expect(probed).toContainText(/(just now|minutes? ago) · manual run by Ada Admin/);
  await expect(probed.locator("time")).toHaveAttribute("title", /\d{4}, \d{1,2}:\d{2}:\d{2} (AM|PM)/);
  // The request excerpt is indented JSON that wraps inside the panel.
  const excerpt = await dialog.openFirstRequestExcerpt();
  expect(await excerpt.evaluate((el) => el.textContent ?? "")).toMatch(/^\{\n {2}"/);
  expect(await excerpt.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  // Deep link: the open cell is in the URL.
  await expect(page).toHaveURL(/feature=json_mode/);
  await page.reload();
  await expect(matrix.evidence.reason).toContainText("json_schema");
  await page.keyboard.press("Escape");
  await expect(matrix.evidence.root).toHaveCount(0);
  await expect(page).not.toHaveURL(/feature=/);

  // Filters: a provider kind narrows the columns.
  await matrix.kindFilter.selectOption("lmstudio");
  await expect(matrix.target("Simulated Ollama")).toHaveCount(0);
  await expect(matrix.target("Simulated LM Studio")).toBeVisible();
  await matrix.kindFilter.selectOption("");
});

test("a provider that starts refusing its key shows up as a regression in its history", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN);
  // Its own provider (a new one each attempt): probed while it works, then its key is refused.
  const name = `Ollama with a rotated key ${Date.now().toString(36)}`;
  const sim = `http://127.0.0.1:${SIMULATOR_PORT}`;
  const ollama = await ensureProvider(page, { name, baseUrl: `${sim}/ollama/v1`, defaultModel: "llama3.1:8b" });
  await probe(page, [ollama]);
  await setBaseUrl(page, ollama, `${sim}/ollama+auth/v1`);

  const matrix = new MatrixPage(page);
  // A full load: the matrix signIn landed on was read before this provider existed, and
  // following the Matrix link from the matrix itself does not read it again.
  await page.goto("/matrix");
  await matrix.runButton(name).click();
  await matrix.waitForRunsToFinish();
  await expect(matrix.cell(name, "json_mode")).toHaveAttribute("data-verdict", "error");

  await matrix.historyLink(name).click();
  const history = new HistoryPage(page);
  await history.expectOpen(name);
  await expect(history.change(/Regression:\s*JSON mode/)).toBeVisible();
  // The chart starts with a few features (those whose latency moved most), each its own colour.
  await expect(history.lines).toHaveCount(4);
  const colours = await history.lineColours();
  expect(new Set(colours).size).toBe(colours.length);
  await history.addLine();
  await expect(history.lines).toHaveCount(5);
});

test("the matrix exports as CSV and Markdown (emoji there only), and a run has a read-only permalink", async ({
  page,
}) => {
  await signIn(page, ADMIN);
  const matrix = new MatrixPage(page);
  const csvLink = matrix.exportLink("CSV");
  const csv = await page.request.get((await csvLink.getAttribute("href")) ?? "");
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  const csvText = await csv.text();
  expect(csvText.split("\r\n")[0]).toBe(
    "provider,kind,model,feature,title,verdict,latency_ms,ttft_ms,reason,disagreement,run_id,probed_at",
  );
  expect(csvText).toMatch(/\nSimulated LM Studio,lmstudio,[^,]+,json_mode,JSON mode,unsupported,/);

  const md = await (await page.request.get("/api/matrix/export?format=markdown")).text();
  expect(md).toContain("# Feature Compatibility Matrix");
  expect(md).toMatch(/\| JSON mode \(`json_mode`\) \|.*❌/);
  expect(md).toContain("✅ supported · ⚠️ partial · ❌ unsupported");
  // The page itself draws icons: no emoji anywhere in the matrix.
  expect(await matrix.grid.textContent()).not.toMatch(/[✅⚠❌❓➖]/u);

  const dialog = await matrix.openEvidence("Simulated OpenAI", "chat");
  await dialog.permalink.click();
  const run = new RunPage(page);
  await run.expectOpen(/Probe run of Simulated OpenAI/);
  await expect(run.startedBy(/manual run by Ada Admin/)).toBeVisible();
  await expect(run.result(/Chat/)).toContainText("supported");
});

test("a row-level finding is said once under the row's name; warnings and flags are marked and told in words", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  await ensureProbedSimulatedProviders(page);
  // llama.cpp started with --embeddings answers every chat with 501: one finding, not 16 cells.
  const embeddingsOnly = await ensureProvider(page, {
    name: "llama.cpp embeddings only",
    kind: "llamacpp",
    baseUrl: `http://127.0.0.1:${SIMULATOR_PORT}/llamacpp-embeddings/v1`,
    defaultModel: "nomic-embed-text-v1.5.Q8_0.gguf",
  });
  await probe(page, [embeddingsOnly]);
  const matrix = new MatrixPage(page);
  await page.goto("/matrix");
  for (const layout of ["Providers as rows", "Features as rows"] as const) {
    await matrix.setLayout(layout);
    await expect(matrix.finding("llama.cpp embeddings only")).toContainText(/^chat is refused: HTTP 501: /);
    await expect(matrix.finding("Simulated OpenAI")).toHaveCount(0);
  }
  await expect(matrix.cell("llama.cpp embeddings only", "json_mode")).toHaveAttribute("data-verdict", "skipped");

  // LocalAI's model list lacks fields OpenAI's schema requires: a marker on the cell, the list in the evidence.
  await expect(matrix.warningsMarker("Simulated LocalAI", "models")).toBeVisible();
  await expect(matrix.warningsMarker("Simulated OpenAI", "models")).toHaveCount(0);
  await expect(matrix.cellButton("Simulated LocalAI", "models")).toHaveAccessibleName(/, \d+ warnings?\. /);
  const warned = await matrix.openEvidence("Simulated LocalAI", "models");
  await expect(warned.warnings).toContainText('/data/0 lacks the required "created"');
  await page.keyboard.press("Escape");

  // llama.cpp's own schema form and its need for tool descriptions, in words.
  const structured = await matrix.openEvidence("Simulated llama.cpp", "structured_output");
  await expect(structured.flags).toContainText("Enforces a schema given in its own form");
  await page.keyboard.press("Escape");
  const tools = await matrix.openEvidence("Simulated llama.cpp", "tools");
  await expect(tools.flags).toContainText("Requires a description on every function tool");
});
