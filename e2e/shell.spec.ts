import { expect, test } from "@playwright/test";
import { ADMIN, ensureProbedSimulatedProviders, signIn } from "./fixtures";
import { MatrixPage } from "./pages/matrix-page";
import { Shell } from "./pages/shell";

test("signed-out visitors are sent to sign in", async ({ page }) => {
  await page.goto("/providers");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("unknown addresses show the 404 page", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await new Shell(page).expectHeading("This page does not exist");
});

test("the theme follows the system and the toggle overrides it", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, ADMIN);
  const shell = new Shell(page);
  await expect(shell.root).toHaveClass(/dark/);
  await shell.themeToggle.click(); // system → light
  await expect(shell.root).not.toHaveClass(/dark/);
  await page.reload();
  await expect(shell.root).not.toHaveClass(/dark/);
  await shell.themeToggle.click(); // light → dark
  await expect(shell.root).toHaveClass(/dark/);
});

test("keyboard users can skip to the content, and small screens get a menu", async ({ page }) => {
  await signIn(page, ADMIN);
  const shell = new Shell(page);
  await page.keyboard.press("Tab");
  await expect(shell.skipLink).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);

  await page.setViewportSize({ width: 390, height: 800 });
  await expect(shell.mainNav).toBeHidden();
  await shell.openFromMenu("Providers");
  await shell.expectHeading("Providers");
});

test("the probed matrix shows a row per provider and can narrow to problems", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  await ensureProbedSimulatedProviders(page);
  await page.goto("/matrix?environment=development");
  const matrix = new MatrixPage(page);
  await matrix.setLayout("Providers as rows");
  await expect(matrix.noResultsHeading).toHaveCount(0);
  await expect(matrix.target("Simulated OpenAI")).toBeVisible();
  await expect(matrix.rowHeaders(/^Simulated .* · /)).toHaveCount(7);
  await matrix.onlyProblems.check();
  await expect(page).toHaveURL(/problems=1/);
  // Ollama's forced tool choice is partial: it has a problem and stays.
  await expect(matrix.target("Simulated Ollama")).toBeVisible();
});
