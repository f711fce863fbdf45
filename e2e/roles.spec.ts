import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER, ensureAccount, ensureViewer, signIn, signInByApi } from "./fixtures";
import { SettingsPage } from "./pages/settings-page";
import { Shell, SignInPage } from "./pages/shell";

// Seeds the viewer, and an account of its own whose role it changes (and changes back).
const ROTATING = { name: "Rhea Rotating", email: "rhea@example.com", password: "rotating-password" };

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signInByApi(page, ADMIN);
  await ensureViewer(page);
  await ensureAccount(page, ROTATING, "viewer");
  await page.close();
});

test("wrong credentials say so without telling whether the account exists", async ({ page }) => {
  const form = new SignInPage(page);
  for (const email of [VIEWER.email, "nobody@example.com"]) {
    await form.open();
    await form.submit(email, "definitely-wrong");
    await expect(form.alert).toHaveText("Wrong email or password.");
  }
});

test("once set up, the setup page sends visitors to sign in", async ({ page }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a viewer cannot reach admin-only actions, in the UI or through the API", async ({ page }) => {
  await signIn(page, VIEWER);
  await expect(new Shell(page).currentRole).toHaveText("viewer");
  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.adminsOnlyNotice).toBeVisible();
  await expect(settings.newAccountForm).toHaveCount(0);

  // The browser's session cookie, straight at the API: refused.
  const list = await page.request.get("/api/users");
  expect(list.status()).toBe(403);
  const create = await page.request.post("/api/users", {
    data: { name: "Sneaky", email: "sneaky@example.com", password: "sneaky-pass", role: "admin" },
  });
  expect(create.status()).toBe(403);
  expect((await create.json()).error.code).toBe("forbidden");
});

test("an admin changes a role and the change takes effect", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  const settings = new SettingsPage(page);
  await settings.open();
  await settings.setRole(ROTATING.name, "member");

  const other = await browser.newPage();
  await signIn(other, ROTATING);
  await expect(new Shell(other).currentRole).toHaveText("member");
  await other.close();

  await settings.setRole(ROTATING.name, "viewer");
});
