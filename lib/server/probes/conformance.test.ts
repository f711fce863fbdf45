import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { specDeviations } from "./conformance";

test("the copy of OpenAI's schemas is the one in shared/openai-openapi", () => {
  const shared = path.resolve(import.meta.dirname, "../../../../shared/openai-openapi/chat-schemas.json");
  const copy = path.resolve(import.meta.dirname, "spec/openai-chat-schemas.json");
  expect(fs.readFileSync(copy, "utf8")).toBe(fs.readFileSync(shared, "utf8"));
});

const chunk = (choice: Record<string, unknown>) => ({
  id: "c1",
  object: "chat.completion.chunk",
  created: 1,
  model: "m",
  choices: [{ index: 0, delta: { content: "hi" }, finish_reason: null, ...choice }],
});

test('what strict clients break on is named: finish_reason "null", a chunk without index, no created, string tool_calls', () => {
  expect(specDeviations("chunk", chunk({}))).toEqual([]);
  expect(specDeviations("chunk", chunk({ finish_reason: "null" }))).toEqual([
    expect.stringMatching(
      /^\/choices\/0\/finish_reason must be "stop" or "length" or .* or null \(got the string "null"\)$/,
    ),
  ]);
  const { index: _i, ...noIndex } = chunk({}).choices[0]!;
  expect(specDeviations("chunk", { ...chunk({}), choices: [noIndex] })).toContain(
    '/choices/0 lacks the required "index"',
  );
  const completion = {
    id: "x",
    object: "chat.completion",
    model: "m",
    choices: [
      {
        index: 0,
        finish_reason: "tool_calls",
        logprobs: null,
        message: { role: "assistant", content: null, refusal: null, tool_calls: ["get_weather({})"] },
      },
    ],
  };
  const found = specDeviations("chat", completion);
  expect(found).toContain('(body) lacks the required "created"');
  expect(found.some((d) => d.startsWith("/choices/0/message/tool_calls/0 must be object (got the string"))).toBe(true);
});
