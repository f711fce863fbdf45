import { expect, test } from "@playwright/test";
import { ADMIN, documentOverflow, ensureProbedSimulatedProviders, signInByApi } from "./fixtures";
import { appPages } from "./pages/app-pages";
import { MatrixPage } from "./pages/matrix-page";
import { PlaygroundPage } from "./pages/playground-page";
import { SignInPage } from "./pages/shell";

// No page scrolls sideways at a desktop width or a phone's: wide content (the matrix, tables)
// scrolls inside its own frame. And the whole 7 × 21 matrix fits a 1440 px window.
// Seeds the seven simulated providers, probed, and (app-pages.ts) a saved session.

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage();
  await signInByApi(page, ADMIN);
  await ensureProbedSimulatedProviders(page);
  await page.close();
});
const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

test("no page scrolls sideways at 1440 px or 390 px", async ({ page }) => {
  test.setTimeout(180_000);
  await signInByApi(page, ADMIN);
  const pages = await appPages(page);
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    for (const p of pages) {
      await page.goto(p.path);
      await p.ready(page);
      expect(await documentOverflow(page), `${p.name} at ${size.width} px`).toBeLessThanOrEqual(0);
    }
  }
  // The sign-in page, signed out.
  await page.context().clearCookies();
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.goto("/sign-in");
    await expect(new SignInPage(page).button).toBeVisible();
    expect(await documentOverflow(page), `sign-in at ${size.width} px`).toBeLessThanOrEqual(0);
  }
});

test("at 390 px the playground is one column with its rails as drawers, nothing clipped", async ({ page }) => {
  await signInByApi(page, ADMIN);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/playground");
  const playground = new PlaygroundPage(page);
  await expect(playground.messageBox).toBeVisible();
  // The rails are closed drawers: their content is not on the page until opened.
  await expect(playground.button("New session")).toBeHidden();
  await playground.button("Sessions").click();
  const newSession = playground.button("New session");
  await expect(newSession).toBeInViewport({ ratio: 1 });
  expect(await documentOverflow(page)).toBeLessThanOrEqual(0);
  await page.keyboard.press("Escape");
  await expect(newSession).toBeHidden();
  await playground.button("Parameters").click();
  await expect(playground.systemPrompt).toBeInViewport({ ratio: 1 });
  await page.keyboard.press("Escape");
  // Every toolbar action and the Send button are wholly on screen.
  for (const name of ["Sessions", "Compare side by side", "Regenerate", "Clear conversation", "Parameters", "Send"]) {
    await expect(playground.button(name)).toBeInViewport({ ratio: 1 });
  }
  await expect(playground.column(1).getByLabel("Model", { exact: true })).toBeInViewport({ ratio: 1 });
});

test("the whole matrix of 7 providers × 21 features fits a 1440 px window, in either layout", async ({ page }) => {
  await signInByApi(page, ADMIN);
  await page.setViewportSize({ width: 1440, height: 900 });
  // The seven simulated providers serve development (other specs add theirs to staging).
  await page.goto("/matrix?environment=development");
  const matrix = new MatrixPage(page);
  for (const layout of ["Providers as rows", "Features as rows"] as const) {
    await matrix.setLayout(layout);
    await expect(matrix.cells).toHaveCount(7 * 21);
    const fit = await matrix.grid.evaluate((frame) => {
      const table = frame.firstElementChild as HTMLElement;
      return { table: table.offsetWidth, frame: frame.clientWidth, window: window.innerWidth };
    });
    expect(fit.table, `${layout}: the grid is as wide as its frame`).toBeLessThanOrEqual(fit.frame);
    expect(fit.frame).toBeLessThanOrEqual(fit.window);
    await expect(matrix.grid).toHaveAttribute("data-overflows", "false");
    expect(await documentOverflow(page)).toBeLessThanOrEqual(0);
  }
});
