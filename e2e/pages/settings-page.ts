import { expect, type Page } from "@playwright/test";

/** The Settings page: account details and (for admins) account management. */
export class SettingsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(this.page.getByRole("heading", { name: "Settings" })).toBeVisible();
  }

  /** The environment this instance serves (ENVIRONMENT). */
  get activeEnvironment() {
    return this.page.getByTestId("active-environment");
  }

  get newAccountForm() {
    return this.page.getByRole("form", { name: "New account" });
  }

  async createAccount(who: { name: string; email: string; password: string }, role: string): Promise<void> {
    const form = this.newAccountForm;
    await form.getByLabel("Name").fill(who.name);
    await form.getByLabel("Email").fill(who.email);
    await form.getByLabel("Password").fill(who.password);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Create account" }).click();
  }

  /** Changes an account's role from the accounts list and waits for the confirmation. */
  async setRole(name: string, role: string): Promise<void> {
    await this.page.getByLabel(`Role of ${name}`).selectOption(role);
    await expect(this.page.getByText(`${name} is now ${role}.`)).toBeVisible();
  }

  /** What a viewer sees instead of account management. */
  get adminsOnlyNotice() {
    return this.page.getByText("Only admins create accounts and change roles.");
  }

  accountRow(email: string) {
    return this.page.getByRole("row").filter({ hasText: email });
  }
}
