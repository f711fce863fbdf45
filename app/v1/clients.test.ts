import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { ChatOpenAI } from "@langchain/openai";
import { generateText, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { type RunningSimulator, startSimulator } from "@/lib/simulator";
import { createSimulatedProvider } from "@/lib/server/probes/test-support";
import { type RunningGateway, addKey, addRoute, startGateway } from "@/lib/testing/gateway";
import { createTestDatabase } from "@/lib/testing/test-database";
import { stopTestBed } from "@/lib/testing/test-bed";

/**
 * The same smoke (chat, stream, a tool call) with two other real clients than the OpenAI
 * SDK: Vercel's AI SDK through its OpenAI-compatible provider, and LangChain's ChatOpenAI.
 * Each is pointed at the gateway by its base URL and a gateway key, nothing else.
 */

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: RunningSimulator;
let gw: RunningGateway;
let secret: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  db = await createTestDatabase();
  const openai = await createSimulatedProvider(sim.url, "openai", { name: "Sim OpenAI" });
  const ollama = await createSimulatedProvider(sim.url, "ollama", { name: "Sim Ollama" });
  // A route whose first target is down: the clients must not notice.
  const down = await createSimulatedProvider("http://127.0.0.1:1", "openai", { name: "Down" });
  await addRoute("default", [
    { providerId: down, model: "gpt-4o-mini" },
    { providerId: openai, model: "gpt-4o-mini" },
  ]);
  await addRoute("local", [{ providerId: ollama, model: "llama3.1:8b" }]);
  secret = (await addKey()).secret;
  gw = await startGateway();
});

afterAll(() => stopTestBed({ gateway: gw, simulators: [sim], db }));

const weather = { city: z.string().describe("The city") };

describe.each(["default", "local"])("Vercel AI SDK (@ai-sdk/openai-compatible), route %s", (route) => {
  const model = () =>
    createOpenAICompatible({ name: "switchyard", baseURL: gw.baseURL, apiKey: secret, includeUsage: true })(route);

  test("chat", async () => {
    const { text, usage } = await generateText({ model: model(), prompt: "Say hello", maxRetries: 0 });
    expect(text.length).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
  });

  test("stream", async () => {
    const result = streamText({ model: model(), prompt: "Count to five", maxRetries: 0 });
    let text = "";
    for await (const part of result.textStream) text += part;
    expect(text.length).toBeGreaterThan(0);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });

  test("tool call", async () => {
    const { toolCalls } = await generateText({
      model: model(),
      prompt: "What is the weather in Paris?",
      tools: { get_weather: tool({ description: "The weather in a city", inputSchema: z.object(weather) }) },
      toolChoice: "required",
      maxRetries: 0,
    });
    expect(toolCalls[0]?.toolName).toBe("get_weather");
    expect(toolCalls[0]?.input).toHaveProperty("city");
  });
});

describe.each(["default", "local"])("LangChain (@langchain/openai ChatOpenAI), route %s", (route) => {
  const chat = () =>
    new ChatOpenAI({ model: route, apiKey: secret, configuration: { baseURL: gw.baseURL }, maxRetries: 0 });

  test("chat", async () => {
    const reply = await chat().invoke("Say hello");
    expect(String(reply.content).length).toBeGreaterThan(0);
  });

  test("stream", async () => {
    let text = "";
    for await (const chunk of await chat().stream("Count to five")) text += String(chunk.content);
    expect(text.length).toBeGreaterThan(0);
  });

  test("tool call", async () => {
    const withTools = chat().bindTools(
      [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "The weather in a city",
            parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          },
        },
      ],
      { tool_choice: "required" },
    );
    const reply = await withTools.invoke("What is the weather in Paris?");
    expect(reply.tool_calls?.[0]?.name).toBe("get_weather");
    expect(reply.tool_calls?.[0]?.args).toHaveProperty("city");
  });
});
