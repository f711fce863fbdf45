import { expect, type Page } from "@playwright/test";
import { apiPost, ensureProbedSimulatedProviders } from "../fixtures";

/** One page of the app: where it is and what shows that it has rendered. */
export type AppPage = { name: string; path: string; ready: (page: Page) => Promise<void> };

const heading = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
};

/**
 * Every signed-in page, with data to show: the simulated providers probed, a run, a history
 * and a saved, shared playground session. `page` must be signed in as the admin.
 */
export async function appPages(page: Page): Promise<AppPage[]> {
  const providers = await ensureProbedSimulatedProviders(page);
  const lmstudio = providers.find((p) => p.name === "Simulated LM Studio")!;
  const model = lmstudio.defaultModel!;
  const runs = (await (await page.request.get(`/api/runs?providerId=${lmstudio.id}&limit=1`)).json()) as {
    runs: { id: string }[];
  };
  const session = await apiPost(page, "/api/playground/sessions", {
    data: {
      settings: {},
      columns: [
        {
          target: { providerId: lmstudio.id, model },
          messages: [
            { role: "user", content: "What does a switchyard do?" },
            { role: "assistant", content: "It sorts railway cars onto the right tracks." },
          ],
        },
      ],
    },
  });
  expect(session.status(), await session.text()).toBe(201);
  const sessionId = ((await session.json()) as { id: string }).id;
  const cell = new URLSearchParams({ provider: lmstudio.id, model, feature: "json_mode" });
  return [
    { name: "matrix", path: "/matrix", ready: heading("Compatibility matrix") },
    {
      name: "evidence",
      path: `/matrix?${cell}`,
      ready: async (p) => {
        await expect(p.getByRole("dialog").getByTestId("exchange-error").first()).toHaveText(/^HTTP 400: /);
      },
    },
    {
      name: "history",
      path: `/matrix/history?${new URLSearchParams({ providerId: lmstudio.id, model })}`,
      ready: heading(/^History of Simulated LM Studio/),
    },
    { name: "run", path: `/runs/${runs.runs[0]!.id}`, ready: heading(/^Probe run of Simulated LM Studio/) },
    { name: "providers", path: "/providers", ready: heading("Providers") },
    { name: "provider", path: `/providers/${lmstudio.id}`, ready: heading("Simulated LM Studio") },
    { name: "presets", path: "/providers/new", ready: heading("Add provider") },
    { name: "new provider", path: "/providers/new?kind=ollama", ready: heading("Add Ollama provider") },
    { name: "settings", path: "/settings", ready: heading("Settings") },
    {
      name: "playground",
      path: `/playground?session=${sessionId}`,
      ready: async (p) => {
        await expect(p.getByTestId("user-message").first()).toContainText("What does a switchyard do?");
      },
    },
    { name: "request log", path: "/playground/log", ready: heading("Request log") },
    { name: "shared session", path: `/playground/s/${sessionId}`, ready: heading(/^What does a switchyard do/) },
  ];
}
