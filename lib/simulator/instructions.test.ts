/**
 * Instruction following: a system message asking for JSON gets JSON, one showing a schema
 * gets an instance of it — what the playground's degradations rely on in real models.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningSimulator, startSimulator } from "./index";
import { createAjv, sdkClient } from "./test-support";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());

const schema = {
  type: "object",
  properties: { name: { type: "string" }, stars: { type: "integer", minimum: 1, maximum: 5 } },
  required: ["name", "stars"],
  additionalProperties: false,
};

test("asked in the system message, a model without JSON mode answers with a JSON object", async () => {
  const client = sdkClient(`${sim.url}/lmstudio/v1`);
  const res = await client.chat.completions.create({
    model: "qwen2.5-7b-instruct",
    messages: [
      { role: "system", content: "Respond with only a valid JSON object." },
      { role: "user", content: "Describe a lighthouse." },
    ],
  });
  expect(JSON.parse(res.choices[0]!.message.content!)).toBeTypeOf("object");
});

test("a schema shown in the instruction is followed, with or without JSON mode", async () => {
  const client = sdkClient(`${sim.url}/localai/v1`);
  const system = `Respond with only a JSON object that validates against this JSON Schema.\n\`\`\`json\n${JSON.stringify(schema)}\n\`\`\``;
  for (const response_format of [undefined, { type: "json_object" as const }]) {
    const res = await client.chat.completions.create({
      model: "qwen3-4b",
      messages: [
        { role: "system", content: system },
        { role: "user", content: "Rate a hotel." },
      ],
      ...(response_format ? { response_format } : {}),
    });
    expect(createAjv().validate(schema, JSON.parse(res.choices[0]!.message.content!))).toBe(true);
  }
});

test("without such an instruction the reply stays prose", async () => {
  const client = sdkClient(`${sim.url}/ollama/v1`);
  const res = await client.chat.completions.create({
    model: "llama3.1:8b",
    messages: [
      { role: "system", content: "You are a JSON expert who explains things." },
      { role: "user", content: "Hello" },
    ],
  });
  expect(() => JSON.parse(res.choices[0]!.message.content!)).toThrow();
});
