import { expect, type Locator, type Page } from "@playwright/test";

/** The gateway's pages: Routes, Keys, Usage, Switch readiness (locators and actions). */
export class GatewayPages {
  constructor(private readonly page: Page) {}

  async openRoutes(environment: string): Promise<void> {
    await this.page.goto("/gateway");
    await expect(this.page.getByRole("heading", { level: 1, name: "Routes" })).toBeVisible();
    await this.page
      .getByRole("group", { name: "Environment" })
      .getByRole("button", { name: new RegExp(`^${environment}`) })
      .click();
  }

  /** Creates a route with targets given as [provider name, model], in order. */
  async createRoute(name: string, targets: [string, string][]): Promise<void> {
    await this.page.getByRole("button", { name: "New route" }).click();
    const form = this.page.getByRole("form", { name: "New route" });
    await form.getByLabel("Name", { exact: true }).fill(name);
    for (let i = 0; i < targets.length; i++) {
      if (i > 0) await form.getByRole("button", { name: /^Add target/ }).click();
      const [provider, model] = targets[i]!;
      await form.getByLabel(`Provider of target ${i + 1}`).selectOption({ label: provider });
      await form.getByLabel(`Model of target ${i + 1}`).fill(model);
    }
    return;
  }

  /** Moves a target of the open route form one place up with the keyboard (Alt+↑ on its handle). */
  async moveTargetUpByKeyboard(position: number): Promise<void> {
    const form = this.page.getByRole("form", { name: "New route" });
    await form.getByRole("button", { name: new RegExp(`^Target ${position}: drag`) }).focus();
    await this.page.keyboard.press("Alt+ArrowUp");
  }

  async saveNewRoute(): Promise<void> {
    await this.page.getByRole("form", { name: "New route" }).getByRole("button", { name: "Create route" }).click();
  }

  routeCard(name: string) {
    return this.page.getByRole("listitem", { name: `Route ${name}` });
  }

  /** The targets of a route as shown, in order ("Provider / model"). */
  targetsOf(name: string) {
    return this.routeCard(name).getByTestId("route-target");
  }

  async openKeys(): Promise<void> {
    await this.page.goto("/gateway/keys");
    await expect(this.page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
  }

  /** Creates a key and answers the secret shown once. */
  async createKey(name: string, environment: string): Promise<string> {
    const form = this.page.getByRole("form", { name: "New key" });
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Environment").selectOption(environment);
    await form.getByRole("button", { name: "Create key" }).click();
    const panel = this.page.getByRole("region", { name: "New key" });
    await expect(panel.getByText("you will not see this again")).toBeVisible();
    return panel.getByLabel("Secret").inputValue();
  }

  /** A field of the new-key form, by its label. */
  keyField(label: string): Locator {
    return this.page.getByRole("form", { name: "New key" }).getByLabel(label, { exact: true });
  }

  /** Submits the new-key form as it is (to see its field errors). */
  async submitKey(): Promise<void> {
    await this.page.getByRole("form", { name: "New key" }).getByRole("button", { name: "Create key" }).click();
  }

  /** Copies the Python snippet of the new key and answers what reached the clipboard. */
  async copyPythonSnippet(): Promise<string> {
    const panel = this.page.getByRole("region", { name: "New key" });
    await panel.getByRole("tab", { name: "Python (openai)" }).click();
    await panel.getByRole("button", { name: "Copy Python (openai) snippet" }).click();
    await expect(this.page.getByText("Copied the Python (openai) snippet.")).toBeVisible();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  async openUsage(params: Record<string, string>): Promise<void> {
    await this.page.goto(`/gateway/usage?${new URLSearchParams(params)}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  }

  /** The filters in force on the Usage page ("Narrowed to …", Clear). */
  usageFilters(): Locator {
    return this.page.getByTestId("usage-filters");
  }

  usageRow(label: string) {
    return this.page
      .getByTestId("usage-row")
      .filter({ has: this.page.getByRole("link", { name: label, exact: true }) });
  }

  async openReadiness(): Promise<void> {
    await this.page.goto("/gateway/readiness");
    await expect(this.page.getByRole("heading", { level: 1, name: "Switch readiness" })).toBeVisible();
  }

  async checkReadiness(route: string, candidate: string, model: string): Promise<void> {
    await this.page.getByLabel("Traffic of").selectOption(`route:${route}`);
    await this.page.getByLabel("Candidate provider").selectOption({ label: candidate });
    await this.page.getByLabel("Candidate model").fill(model);
    await this.page.getByRole("button", { name: "Check" }).click();
  }

  get readinessAnswer() {
    return this.page.getByTestId("readiness-answer");
  }

  readinessFeature(used: string) {
    return this.page.getByTestId("readiness-feature").filter({ has: this.page.getByText(used, { exact: true }) });
  }
}
