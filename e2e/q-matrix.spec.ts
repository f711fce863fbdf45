import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";
import { MatrixPage } from "./pages/matrix-page";
import { ProvidersPage } from "./pages/providers-page";

// Runs after providers.spec.ts, which leaves seven "Simulated …" providers pointing at the app's /sim.
// Leaves them probed, with Simulated Ollama refusing its key (shell.spec.ts's last test expects this).
test.describe.configure({ mode: "serial" });

test("run every probe from the dashboard and read the evidence behind a cell", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  const matrix = new MatrixPage(page);
  await expect(page.getByRole("heading", { name: "No probe results yet" })).toBeVisible();
  // The page follows each running run's event stream to fill cells in as results arrive.
  const following = page.waitForRequest((r) => /\/api\/runs\/[^/]+\/events$/.test(r.url()));
  await page.getByRole("button", { name: "Run probes" }).click();
  await following;
  // Cells fill in while the runs progress.
  await expect(matrix.row("Simulated OpenAI")).toBeVisible();
  await matrix.waitForRunsToFinish();
  await expect(matrix.cell("Simulated OpenAI", "chat")).toHaveAttribute("data-verdict", "supported");
  // LM Studio refuses json_object with 400: a refusal, so unsupported (never "error").
  await expect(matrix.cell("Simulated LM Studio", "json_mode")).toHaveAttribute("data-verdict", "unsupported");
  await expect(matrix.cell("Simulated Ollama", "tool_choice")).toHaveAttribute("data-verdict", "partial");
  await expect(matrix.cell("Simulated Ollama", "tool_choice").getByRole("button")).toHaveAttribute(
    "title",
    /Tool choice.*partial in \d+ ms/i,
  );

  const dialog = await matrix.openEvidence("Simulated LM Studio", "json_mode");
  await expect(dialog.getByRole("heading", { name: /JSON mode — evidence/ })).toBeVisible();
  await expect(dialog.getByText(/HTTP 400|Response status 400/).first()).toBeVisible();
  await expect(dialog.getByTestId("evidence-reason")).toContainText("must be 'json_schema' or 'text'");
  await expect(dialog.getByTestId("evidence-previous")).toContainText("none (first run)");
  // Deep link: the open cell is in the URL.
  await expect(page).toHaveURL(/feature=json_mode/);
  await page.reload();
  await expect(page.getByRole("dialog").getByTestId("evidence-reason")).toContainText("json_schema");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page).not.toHaveURL(/feature=/);

  // Filters: only rows with problems hides nothing that is all supported.
  await page.getByLabel("Provider kind").selectOption("lmstudio");
  await expect(page.getByRole("row", { name: /^Simulated Ollama · / })).toHaveCount(0);
  await expect(matrix.row("Simulated LM Studio")).toBeVisible();
  await page.getByLabel("Provider kind").selectOption("");
});

test("a provider that starts refusing its key shows up as a regression in its history", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN);
  const providers = new ProvidersPage(page);
  await providers.open();
  await providers.openProvider("Simulated Ollama");
  const baseUrl = page.getByLabel("Base URL");
  await baseUrl.fill((await baseUrl.inputValue()).replace("/sim/ollama/v1", "/sim/ollama+auth/v1"));
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved Simulated Ollama.")).toBeVisible();

  const matrix = new MatrixPage(page);
  await matrix.open();
  const run = matrix.row("Simulated Ollama").getByRole("button", { name: /^Run probes for Simulated Ollama/ });
  await run.click();
  await matrix.waitForRunsToFinish();
  await expect(matrix.cell("Simulated Ollama", "json_mode")).toHaveAttribute("data-verdict", "error");

  await matrix
    .row("Simulated Ollama")
    .getByRole("link", { name: /^History of/ })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /History of Simulated Ollama/ })).toBeVisible();
  const changes = page.getByRole("region", { name: "Changes since the previous run" });
  await expect(changes.getByText(/Regression:\s*JSON mode/)).toBeVisible();
  await expect(page.getByRole("figure", { name: "Latency per feature over time" })).toBeVisible();
});

test("the matrix exports as CSV and Markdown, and a run has a read-only permalink", async ({ page }) => {
  await signIn(page, ADMIN);
  const csvLink = page.getByRole("navigation", { name: "Export" }).getByRole("link", { name: "CSV" });
  const csv = await page.request.get((await csvLink.getAttribute("href")) ?? "");
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  const csvText = await csv.text();
  expect(csvText.split("\r\n")[0]).toBe(
    "provider,kind,model,feature,title,verdict,latency_ms,ttft_ms,reason,disagreement,run_id,probed_at",
  );
  expect(csvText).toMatch(/\nSimulated LM Studio,lmstudio,[^,]+,json_mode,JSON mode,unsupported,/);
  expect(csvText).toMatch(/\nSimulated Ollama,ollama,[^,]+,json_mode,JSON mode,error,/);

  const md = await (await page.request.get("/api/matrix/export?format=markdown")).text();
  expect(md).toContain("# Feature Compatibility Matrix");
  expect(md).toMatch(/\| JSON mode \(`json_mode`\) \|.*❌/);
  expect(md).toContain("✅ supported · ⚠️ partial · ❌ unsupported");

  const matrix = new MatrixPage(page);
  await matrix.openEvidence("Simulated OpenAI", "chat");
  await page.getByRole("dialog").getByRole("link", { name: "run permalink" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Probe run of Simulated OpenAI/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Chat/ }).first()).toContainText("supported");
});
