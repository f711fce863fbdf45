import { afterAll, beforeAll, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "./index";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, rootProfile: "ollama" });
});
afterAll(async () => {
  await sim.stop();
});

test("a root-mounted profile answers like the real server on its own port", async () => {
  const version = await (await fetch(`${sim.url}/api/version`)).json();
  expect(version).toEqual({ version: expect.any(String) });
  const models = await (await fetch(`${sim.url}/v1/models`)).json();
  expect(models.object).toBe("list");
  expect(models.data.map((m: { id: string }) => m.id)).toContain("llama3.1:8b");
  // Other profiles are not reachable through a root-mounted one.
  expect((await fetch(`${sim.url}/openai/v1/models`)).status).toBe(404);
});

test("an unknown root profile is refused at start", async () => {
  await expect(startSimulator({ port: 0, rootProfile: "kobold" })).rejects.toThrow(/unknown simulator profile/);
});
