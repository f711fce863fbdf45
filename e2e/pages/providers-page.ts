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

  /** A field of the provider form (or the page) by its label. */
  field(label: string | RegExp) {
    return this.page.getByLabel(label);
  }

  button(name: string | RegExp, opts: { exact?: boolean } = {}) {
    return this.page.getByRole("button", { name, ...opts });
  }

  link(name: string | RegExp, opts: { exact?: boolean } = {}) {
    return this.page.getByRole("link", { name, ...opts });
  }

  /** A toast, notice or hint the page shows. */
  message(text: string | RegExp) {
    return this.page.getByText(text);
  }

  heading(name: string | RegExp, opts: { exact?: boolean } = {}) {
    return this.page.getByRole("heading", { level: 1, name, ...opts });
  }

  /** A heading of any level (an empty state's, a notice's). */
  anyHeading(name: string | RegExp) {
    return this.page.getByRole("heading", { name });
  }

  /** The provider form's alert banner that holds `text`. */
  formAlert(text: string) {
    return this.form.getByRole("alert").filter({ hasText: text });
  }

  /** What a scan for local servers found. */
  get found() {
    return this.page.getByRole("list", { name: "Servers found" });
  }

  /** The model list of a provider's page. */
  get modelsTable() {
    return this.page.getByRole("table", { name: "Models and declared capabilities" });
  }

  capabilities(model: string | RegExp) {
    return this.page.getByRole("list", { name: typeof model === "string" ? `Capabilities of ${model}` : model });
  }

  get form() {
    return this.page.getByRole("form", { name: /provider/ });
  }
}
