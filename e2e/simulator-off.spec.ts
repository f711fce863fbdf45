import { expect, test } from "@playwright/test";
import { ADMIN, apiPost, signInByApi } from "./fixtures";
import { MatrixPage } from "./pages/matrix-page";
import { ProvidersPage } from "./pages/providers-page";

// Runs against the second instance of playwright.config.ts, started with SIMULATOR=off.

test("with the simulator off, no page offers simulated providers; each says how to turn it on", async ({ page }) => {
  await signInByApi(page, ADMIN);
  await page.goto("/matrix");
  const providers = new ProvidersPage(page);
  // The empty matrix offers the other ways to a first provider, and explains the missing one.
  await expect(new MatrixPage(page).noProvidersHeading).toBeVisible();
  await expect(providers.addSimulatedButton).toHaveCount(0);
  await expect(providers.simulatorOffNote).toContainText("Start Switchyard with SIMULATOR=on");
  await expect(providers.link("Add a provider")).toBeVisible();

  await providers.open();
  await expect(providers.addSimulatedButton).toHaveCount(0);
  await expect(providers.simulatorOffNote).toContainText("on by default when ENVIRONMENT=development");
  await expect(providers.button("Scan for local servers")).toBeVisible();

  // The API refuses them too, and /sim answers 404 saying why.
  expect((await apiPost(page, "/api/providers/simulated")).status()).toBe(409);
  const sim = await page.request.get("/sim/openai/v1/models");
  expect(sim.status()).toBe(404);
  expect(await sim.text()).toContain("SIMULATOR=on");
});
