import { expect, type Page } from "@playwright/test";

/** The Providers list and a provider's page. */
export class ProvidersPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Providers" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Providers" })).toBeVisible();
  }

  row(name: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async openProvider(name: string): Promise<void> {
    await this.page.getByRole("link", { name, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
  }

  /** The providers as the API lists them. */
  async list(): Promise<{ id: string; name: string }[]> {
    return (
      (await (await this.page.request.get("/api/providers")).json()) as { providers: { id: string; name: string }[] }
    ).providers;
  }

  /** "Add simulated providers" (admins, while the simulator is on). */
  get addSimulatedButton() {
    return this.page.getByRole("button", { name: "Add simulated providers" });
  }

  /** What the pages say in its place while the simulator is off. */
  get simulatorOffNote() {
    return this.page.getByTestId("simulator-off");
  }

  /** Runs "Test connection" (the form's, or a stored provider's button) and waits for its outcome. */
  async testConnection(): Promise<void> {
    await this.page.getByRole("button", { name: "Test connection" }).click();
    await expect(this.connectionResult).toBeVisible();
  }

  get connectionResult() {
    return this.page.getByTestId("connection-result");
  }

  /** Whether Test connection found the default chat model or the embedding model served. */
  modelCheck(field: "defaultModel" | "embeddingModel") {
    return this.page.getByTestId(`model-check-${field}`);
  }

  get form() {
    return this.page.getByRole("form", { name: /provider/ });
  }
}
