/** The simulator mounted as Next.js route handlers under /sim, driven with plain Fetch requests. */
import { expect, test } from "vitest";
import { createSimulatorRouteHandlers } from "./index";

const { GET, POST, simulator } = createSimulatorRouteHandlers({ basePath: "/sim" });

test("serves profiles under the base path and lists them at its root", async () => {
  const models = await GET(new Request("http://localhost:3000/sim/ollama/v1/models"));
  expect(models.status).toBe(200);
  expect(((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain("gemma:2b");
  const root = (await (await GET(new Request("http://localhost:3000/sim"))).json()) as {
    data: { name: string; base_url: string }[];
  };
  expect(root.data.find((p) => p.name === "llamacpp")?.base_url).toBe("http://localhost:3000/sim/llamacpp/v1");
  expect((await GET(new Request("http://localhost:3000/elsewhere/openai/v1/models"))).status).toBe(404);
  expect(simulator.profileUrls("http://localhost:3000")[0]?.baseUrl).toBe("http://localhost:3000/sim/openai/v1");
});

test("streams chat completions as SSE frames ending in [DONE]", async () => {
  const body = JSON.stringify({
    model: "gpt-4o-mini",
    stream: true,
    messages: [{ role: "user", content: "Count from 1 to 5" }],
  });
  const res = await POST(new Request("http://localhost:3000/sim/openai/v1/chat/completions", { method: "POST", body }));
  const frames = (await res.text()).split("\n\n").filter(Boolean);
  expect(frames.at(-1)).toBe("data: [DONE]");
  const text = frames
    .slice(0, -1)
    .map((f) => JSON.parse(f.slice("data: ".length)) as { choices: { delta: { content?: string } }[] })
    .map((chunk) => chunk.choices[0]?.delta.content ?? "")
    .join("");
  expect(text).toBe("1, 2, 3, 4, 5");
});
