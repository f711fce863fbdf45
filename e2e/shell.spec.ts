import { expect, test } from "@playwright/test";
import { ADMIN, ensureProbedSimulatedProviders, signIn } from "./fixtures";
import { MatrixPage } from "./pages/matrix-page";

test("signed-out visitors are sent to sign in", async ({ page }) => {
  await page.goto("/providers");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("unknown addresses show the 404 page", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
});

test("the theme follows the system and the toggle overrides it", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, ADMIN);
  await expect(page.locator("html")).toHaveClass(/dark/);
  const toggle = page.getByRole("button", { name: /^Theme:/ });
  await toggle.click(); // system → light
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await page.getByRole("button", { name: /^Theme:/ }).click(); // light → dark
  await expect(page.locator("html")).toHaveClass(/dark/);
});

test("keyboard users can skip to the content, and small screens get a menu", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);

  await page.setViewportSize({ width: 390, height: 800 });
  await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("navigation", { name: "Main (mobile)" }).getByRole("link", { name: "Providers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Providers" })).toBeVisible();
});

test("the probed matrix shows a row per provider and can narrow to problems", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  await ensureProbedSimulatedProviders(page);
  await page.goto("/matrix?environment=development");
  const matrix = new MatrixPage(page);
  await matrix.setLayout("Providers as rows");
  await expect(page.getByRole("heading", { name: "No probe results yet" })).toHaveCount(0);
  await expect(matrix.target("Simulated OpenAI")).toBeVisible();
  await expect(matrix.grid.getByRole("rowheader", { name: /^Simulated .* · / })).toHaveCount(7);
  await page.getByLabel("Only rows with problems").check();
  await expect(page).toHaveURL(/problems=1/);
  // Ollama's forced tool choice is partial: it has a problem and stays.
  await expect(matrix.target("Simulated Ollama")).toBeVisible();
});
