import { expect, type Page } from "@playwright/test";

/** Accounts the e2e run creates: the admin on first run, then a viewer made by the admin. */
export const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
export const VIEWER = { name: "Vic Viewer", email: "vic@example.com", password: "viewer-password" };

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Compatibility matrix" })).toBeVisible();
}
