import { expect, type Locator, type Page } from "@playwright/test";

/** The read-only permalink of one probe run (`/runs/<id>`). */
export class RunPage {
  constructor(private readonly page: Page) {}

  async expectOpen(title: RegExp): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  }

  /** The line that says what started the run ("manual run by Ada"). */
  startedBy(text: RegExp): Locator {
    return this.page.getByText(text);
  }

  /** The first result row whose name matches (a feature's title). */
  result(name: RegExp): Locator {
    return this.page.getByRole("row", { name }).first();
  }
}
