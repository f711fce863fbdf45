/** What the KoboldCpp profile does that no other profile does (koboldcpp.py; lib/simulator/profiles/koboldcpp.ts). */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "./index";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
});
afterAll(() => sim.stop());

const MODEL = "koboldcpp/gemma-3-4b-it-Q4_K_M";
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}/koboldcpp${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

test("GET /api/extra/version says KoboldCpp, its version and what is loaded", async () => {
  const res = await fetch(`${sim.url}/koboldcpp/api/extra/version`);
  expect(await res.json()).toMatchObject({ result: "KoboldCpp", version: "1.76", llm: true, vision: true });
});

test("a generation that arrives while another runs gets 503 in KoboldCpp's detail shape; once that one ends, it is served", async () => {
  // `slow` with a minute per token: the first stream is generating for as long as this test runs.
  const slow = await startSimulator({ faults: { slowPerTokenMs: 60_000 } });
  const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${slow.url}/koboldcpp${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  try {
    const first = await send(
      "/v1/chat/completions",
      { model: MODEL, stream: true, messages: [{ role: "user", content: "Tell me a long story" }] },
      { "x-simulator-fault": "slow" },
    );
    expect(first.status).toBe(200);
    const second = await send("/v1/completions", { model: MODEL, prompt: "Hello" });
    expect(second.status).toBe(503);
    expect(await second.json()).toEqual({
      detail: { msg: "Server is busy; please try again later.", type: "service_unavailable" },
    });
    // The client goes away: busy until the server has noticed, then served (the test's timeout bounds it).
    await first.body?.cancel();
    let res = await send("/v1/completions", { model: MODEL, prompt: "Hello", max_tokens: 3 });
    while (res.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      res = await send("/v1/completions", { model: MODEL, prompt: "Hello", max_tokens: 3 });
    }
    expect(res.status).toBe(200);
  } finally {
    await slow.stop();
  }
});

test("generations one after the other are all served", async () => {
  for (let i = 0; i < 3; i++) {
    const res = await post("/v1/chat/completions", { model: MODEL, messages: [{ role: "user", content: `Hi ${i}` }] });
    expect(res.status).toBe(200);
    await res.text();
  }
});

test("an http(s) image URL is silently dropped: the model answers the text as if no image was sent", async () => {
  const content = [
    { type: "text", text: "What is in this picture?" },
    { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
  ];
  const ask = async (profile: string, model: string) => {
    const res = await fetch(`${sim.url}/${profile}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [{ role: "user", content }] }),
    });
    return ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content;
  };
  // A server that takes the URL says something about the image; KoboldCpp never saw one.
  expect(await ask("openai", "gpt-4o")).toMatch(/remote images/);
  const reply = await ask("koboldcpp", MODEL);
  expect(reply).toMatch(/^You asked about/);
  expect(reply).not.toMatch(/image/);
});

test("both max_tokens and max_completion_tokens cap the reply", async () => {
  for (const field of ["max_tokens", "max_completion_tokens"]) {
    const res = await post("/v1/chat/completions", {
      model: MODEL,
      [field]: 2,
      messages: [{ role: "user", content: "Hi there" }],
    });
    const body = (await res.json()) as { choices: { finish_reason: string }[]; usage: { completion_tokens: number } };
    expect([field, body.choices[0]?.finish_reason, body.usage.completion_tokens]).toEqual([field, "length", 2]);
  }
});

test("an unknown GET path is a plain-text 404", async () => {
  const res = await fetch(`${sim.url}/koboldcpp/api/nothing-here`);
  expect(res.status).toBe(404);
  expect(await res.text()).toBe(
    "Error: HTTP Server is running, but this endpoint does not exist. Please check the URL.",
  );
});
