import { expect, type Locator, type Page } from "@playwright/test";

/** The playground: columns (one per target), the shared message box, replies and their metadata. */
export class PlaygroundPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Playground" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Playground" })).toBeVisible();
    await expect(this.page.getByLabel("Message")).toBeVisible();
  }

  column(n = 1): Locator {
    return this.page.getByRole("region", { name: `Column ${n}` });
  }

  /** Starts a new session (from the sessions rail, opening it first on a phone). */
  async newSession(): Promise<void> {
    const button = this.page.getByRole("button", { name: "New session" });
    if (!(await button.isVisible())) await this.page.getByRole("button", { name: "Sessions" }).click();
    await button.click();
  }

  /** A saved session in the sessions rail, by (the start of) its title. */
  savedSession(title: string): Locator {
    return this.page
      .getByRole("navigation", { name: "Saved sessions" })
      .getByRole("button", { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
  }

  /** Picks a provider (by name) and a model for column `n`. */
  async target(provider: string, model: string, n = 1): Promise<void> {
    const column = this.column(n);
    await column.getByLabel("Provider", { exact: true }).selectOption({ label: provider });
    await column.getByLabel("Model", { exact: true }).fill(model);
  }

  async addFallback(provider: string, model: string, k = 1, n = 1): Promise<void> {
    const column = this.column(n);
    const add = column.getByRole("button", { name: "Add fallback" });
    if (!(await add.isVisible())) await column.getByRole("button", { name: /^Fallbacks/ }).click();
    await add.click();
    await column.getByLabel(`Fallback provider ${k}`).selectOption({ label: provider });
    await column.getByLabel(`Fallback model ${k}`).fill(model);
  }

  async send(text: string): Promise<void> {
    await this.page.getByLabel("Message").fill(text);
    await this.page.getByRole("button", { name: "Send", exact: true }).click();
  }

  /** The last assistant reply of column `n`. */
  lastReply(n = 1): Locator {
    return this.column(n).getByTestId("reply").last();
  }

  async waitForReply(n = 1, timeout = 20_000): Promise<Locator> {
    const reply = this.lastReply(n);
    await expect(reply).toHaveAttribute("data-state", /done|error/, { timeout });
    return reply;
  }

  get messageBox(): Locator {
    return this.page.getByLabel("Message");
  }

  /** A toolbar or rail button by its exact name ("Sessions", "Parameters", "Send", "New session"…). */
  button(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }

  get systemPrompt(): Locator {
    return this.page.getByLabel("System prompt");
  }

  /** A checkbox or field of the parameters panel by its label ("JSON mode", "Tools", "Tool definitions"…). */
  setting(label: string): Locator {
    return this.page.getByLabel(label);
  }

  get attachImage(): Locator {
    return this.page.getByLabel("Attach image");
  }

  /** The popover a degradation badge opens. */
  degradationPopover(label: string): Locator {
    return this.page.getByRole("dialog", { name: label });
  }

  get requestLogLink(): Locator {
    return this.page.getByRole("link", { name: "Request log" });
  }

  /** A row of the request log that holds `text`. */
  logRow(text: string): Locator {
    return this.page.getByRole("row").filter({ hasText: text }).first();
  }

  get savedSessions(): Locator {
    return this.page.getByRole("navigation", { name: "Saved sessions" });
  }

  /** The first user message of the open conversation. */
  get firstUserMessage(): Locator {
    return this.page.getByTestId("user-message").first();
  }
}
