import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { ADMIN, apiPost, ensureSimulatedProviders, signInByApi } from "./fixtures";

/**
 * The gateway as `npm start` serves it (the front door, ahead of Next): the official SDK
 * against the built app, with a route and a key made through the admin API.
 */
test("an application using the OpenAI SDK gets answers from /v1 with a gateway key, not with a session", async ({
  page,
  baseURL,
}) => {
  await signInByApi(page, ADMIN);
  const providers = await ensureSimulatedProviders(page);
  const openaiSim = providers.find((p) => p.name === "Simulated OpenAI")!;
  const name = `e2e-${Date.now().toString(36)}`;
  const route = await apiPost(page, "/api/gateway/routes", {
    name,
    environment: "development",
    targets: [{ providerId: openaiSim.id, model: openaiSim.defaultModel }],
  });
  expect(route.status(), await route.text()).toBe(201);
  const key = await apiPost(page, "/api/gateway/keys", { name: `e2e app ${name}`, environment: "development" });
  expect(key.status(), await key.text()).toBe(201);
  const { secret } = (await key.json()) as { secret: string };

  const client = new OpenAI({ baseURL: `${baseURL}/v1`, apiKey: secret, maxRetries: 0 });
  const { data, response } = await client.chat.completions
    .create({ model: name, messages: [{ role: "user", content: "Say hello" }] })
    .withResponse();
  expect(data.choices[0]?.message.content).toBeTruthy();
  expect(response.headers.get("x-switchyard-route")).toBe(name);
  expect(response.headers.get("x-switchyard-target")).toBe(`Simulated OpenAI/${openaiSim.defaultModel}`);

  let text = "";
  const stream = await client.chat.completions.create({
    model: name,
    messages: [{ role: "user", content: "Count to three" }],
    stream: true,
  });
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
  expect(text.length).toBeGreaterThan(0);

  const models = await client.models.list();
  expect(models.data.map((m) => m.id)).toContain(name);

  // The browser's session cookie is no gateway key.
  const withSession = await page.request.get("/v1/models");
  expect(withSession.status()).toBe(401);
  expect(((await withSession.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
});
