import type { Locator, Page } from "@playwright/test";

/** First-run setup: "Create the admin account". */
export class SetupPage {
  constructor(private readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole("heading", { name: "Create the admin account" });
  }

  get submit(): Locator {
    return this.page.getByRole("button", { name: "Create the admin account" });
  }

  field(label: "Name" | "Email" | "Password"): Locator {
    return this.page.getByLabel(label);
  }

  /** A field's reason, e.g. "Password must be at least 8 characters". */
  message(text: string): Locator {
    return this.page.getByText(text);
  }

  async create(who: { name: string; email: string; password: string }): Promise<void> {
    await this.field("Name").fill(who.name);
    await this.field("Email").fill(who.email);
    await this.field("Password").fill(who.password);
    await this.submit.click();
  }
}
