import { expect, test } from "vitest";
import { chatRequestSchema } from "@/lib/schemas/playground";
import { toChatBody } from "../playground/chat-body";
import { type CallPlan, type ChatBody, applyPlan, degradeAfterRefusal, planCall, requestNeeds } from "./plan";
import { validateReply } from "./validate";
import type { LatestVerdict } from "./verdicts";

/** Plans work on OpenAI chat bodies; these come from playground requests, as the playground builds them. */
const base = { target: { providerId: "p", model: "m" }, messages: [{ role: "user", content: "hi" }] };
const parse = (extra: Record<string, unknown>) => toChatBody(chatRequestSchema.parse({ ...base, ...extra }), "m");
const buildUpstreamBody = (body: ChatBody, plan: CallPlan) => applyPlan(body, plan);
const relevantFeatures = (body: ChatBody) => requestNeeds(body).features;
const v = (verdict: string, reason = "r", flags: string[] = []): LatestVerdict => ({
  verdict,
  reason,
  runId: "run1",
  at: "2026-01-01",
  flags,
});

test("no verdicts: everything is sent natively", () => {
  const req = parse({ responseFormat: { type: "json_object" }, params: { maxTokens: 5 } });
  const plan = planCall(req, new Map());
  expect(plan).toEqual({
    stream: true,
    includeUsage: true,
    format: "native_json",
    tokenParam: "max_tokens",
    fillToolDescriptions: false,
    toolCallContentAsString: false,
    dropParallelToolCalls: false,
    calls: 1,
    degradations: [],
  });
  const body = buildUpstreamBody(req, plan);
  expect(body).toMatchObject({ response_format: { type: "json_object" }, max_tokens: 5, stream: true });
});

test("verdicts decide: missing streaming, JSON mode and max_tokens are degraded, citing the run", () => {
  const req = parse({ responseFormat: { type: "json_object" }, params: { maxTokens: 5 } });
  const verdicts = new Map([
    ["streaming", v("unsupported")],
    ["json_mode", v("partial", "accepted, but content is not JSON")],
    ["max_tokens", v("unsupported", "Refused: Use 'max_completion_tokens' instead.")],
  ]);
  const plan = planCall(req, verdicts);
  expect(plan.stream).toBe(false);
  expect(plan.format).toBe("instructed_json");
  expect(plan.tokenParam).toBe("max_completion_tokens");
  expect(plan.degradations.map((d) => d.feature)).toEqual(["streaming", "max_tokens", "json_mode"]);
  expect(plan.degradations[2]!.source).toEqual({ kind: "probe", runId: "run1", verdict: "partial", at: "2026-01-01" });
  const body = buildUpstreamBody(req, plan);
  expect(body).not.toHaveProperty("response_format");
  expect(body).not.toHaveProperty("stream");
  expect(body).toMatchObject({ max_completion_tokens: 5 });
  expect(body.messages[0]).toMatchObject({
    role: "system",
    content: expect.stringMatching(/Respond with only a valid JSON object/),
  });
});

test("a supported or errored verdict degrades nothing; features not asked for are never degraded", () => {
  const req = parse({ stream: false });
  const plan = planCall(
    req,
    new Map([
      ["json_mode", v("unsupported")],
      ["streaming", v("supported")],
    ]),
  );
  expect(plan.degradations).toEqual([]);
});

test("tools with streaming probed missing: called without streaming", () => {
  const req = parse({ tools: [{ type: "function", function: { name: "f" } }] });
  const plan = planCall(req, new Map([["tools_streaming", v("unsupported", "Refused with HTTP 500")]]));
  expect(plan).toMatchObject({ stream: false, includeUsage: false });
  expect(plan.degradations.map((d) => d.label)).toEqual(["Tools without streaming"]);
  expect(planCall(parse({}), new Map([["tools_streaming", v("unsupported")]])).degradations).toEqual([]);
});

test("structured output: JSON mode + schema when JSON mode works, the instruction alone when it does not", () => {
  const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
  const req = parse({ responseFormat: { type: "json_schema", schema } });
  const withJson = planCall(req, new Map([["structured_output", v("partial")]]));
  expect(withJson.format).toBe("json_mode_schema");
  const body = buildUpstreamBody(req, withJson);
  expect(body.response_format).toEqual({ type: "json_object" });
  expect(JSON.stringify(body.messages[0])).toContain('\\"required\\"');
  const without = planCall(
    req,
    new Map([
      ["structured_output", v("unsupported")],
      ["json_mode", v("unsupported")],
    ]),
  );
  expect(without.format).toBe("instructed_schema");
  expect(buildUpstreamBody(req, without)).not.toHaveProperty("response_format");
});

test("a refusal degrades the feature it names, or every unprobed one when it names none", () => {
  const req = parse({ responseFormat: { type: "json_object" }, params: { maxTokens: 5 } });
  const plan = planCall(req, new Map());
  const named = degradeAfterRefusal(
    req,
    plan,
    { status: 400, message: "'response_format.type' must be 'json_schema' or 'text'" },
    new Map(),
  );
  expect(named?.format).toBe("instructed_json");
  expect(named?.tokenParam).toBe("max_tokens");
  expect(named?.degradations[0]!.source).toEqual({
    kind: "refusal",
    status: 400,
    message: "'response_format.type' must be 'json_schema' or 'text'",
  });
  const vague = degradeAfterRefusal(req, plan, { status: 400, message: "bad request" }, new Map());
  // Naming nothing: every unprobed feature, but never a blind swap of the token cap.
  expect(vague?.degradations.map((d) => d.feature).sort()).toEqual(["json_mode", "stream_usage", "streaming"]);
  expect(vague?.tokenParam).toBe("max_tokens");
  // A refusal of something no degradation stands in for is reported as it is.
  for (const message of [
    "llama3 does not support tools",
    "Model does not support images.",
    "seed must be an integer",
  ]) {
    expect(degradeAfterRefusal(req, plan, { status: 400, message }, new Map())).toBeNull();
  }
  // llama.cpp's "Cannot use tools with stream" names streaming: that one can be emulated.
  const tools = parse({ tools: [{ type: "function", function: { name: "f" } }] });
  const streamRefusal = degradeAfterRefusal(
    tools,
    planCall(tools, new Map()),
    { status: 500, message: "Cannot use tools with stream" },
    new Map(),
  );
  expect(streamRefusal?.stream).toBe(false);
  // Once everything asked for is degraded, there is nothing left to try.
  const plain = parse({ stream: false });
  expect(degradeAfterRefusal(plain, planCall(plain, new Map()), { status: 400, message: "no" }, new Map())).toBeNull();
});

test("replies are validated: JSON object, fenced JSON, schema violations named", () => {
  const json = parse({ responseFormat: { type: "json_object" } });
  expect(validateReply(json, '{"a":1}')).toEqual({ kind: "json", valid: true });
  expect(validateReply(json, '```json\n{"a":1}\n```')).toEqual({ kind: "json", valid: true });
  expect(validateReply(json, "[1]")).toMatchObject({ valid: false, error: "valid JSON, but not a JSON object" });
  expect(validateReply(json, "Sure! Here")).toMatchObject({
    valid: false,
    error: expect.stringMatching(/^not valid JSON/),
  });
  const schema = parse({
    responseFormat: {
      type: "json_schema",
      schema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", required: ["a"] },
    },
  });
  expect(validateReply(schema, '{"b":1}')).toMatchObject({
    kind: "schema",
    valid: false,
    error: expect.stringMatching(/required property 'a'/),
  });
  expect(validateReply(parse({}), "anything")).toBeNull();
});

test("only the verdicts a request can depend on are read", () => {
  expect(relevantFeatures(parse({}))).toEqual(["streaming", "stream_usage"]);
  expect(relevantFeatures(parse({ stream: false }))).toEqual([]);
  expect(
    relevantFeatures(
      parse({
        tools: [{ type: "function", function: { name: "f" } }],
        responseFormat: { type: "json_schema", schema: { type: "object" } },
        params: { maxTokens: 9 },
      }),
    ),
  ).toEqual(["streaming", "stream_usage", "tools", "tools_streaming", "json_mode", "structured_output", "max_tokens"]);
});

test("a server's own form of a schema, where the probe found it working, comes before prompt emulation", () => {
  const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
  const req = parse({ responseFormat: { type: "json_schema", schema } });
  const verdicts = new Map([
    ["structured_output", v("partial", "schema dropped", ["native:json_object_schema"])],
    ["json_mode", v("supported")],
  ]);
  const plan = planCall(req, verdicts);
  expect(plan.format).toBe("native_object_schema");
  expect(plan.degradations).toEqual([
    expect.objectContaining({ feature: "structured_output", label: "Schema in llama.cpp's form" }),
  ]);
  // llama.cpp's json_object-with-schema is not in the SDK's types: read the body loosely.
  const body = buildUpstreamBody(req, plan) as unknown as { response_format: unknown; messages: unknown[] };
  expect(body.response_format).toEqual({ type: "json_object", schema });
  // No instruction in the prompt: the server enforces the schema itself.
  expect(JSON.stringify(body.messages)).not.toContain("JSON Schema");
  // Without the flag, the prompt emulation as before.
  expect(
    planCall(
      req,
      new Map([
        ["structured_output", v("partial")],
        ["json_mode", v("supported")],
      ]),
    ).format,
  ).toBe("json_mode_schema");
});

test("a tool without description goes to a server that requires one with its name as description, with a badge", () => {
  const tools = [
    { type: "function", function: { name: "get_weather", parameters: { type: "object" } } },
    { type: "function", function: { name: "get_time", description: "Local time", parameters: { type: "object" } } },
  ];
  const req = parse({ tools });
  const plan = planCall(req, new Map([["tools", v("supported", "ok", ["requires:tool_description"])]]));
  expect(plan.degradations.map((d) => d.label)).toEqual(["Tool descriptions filled in"]);
  const body = buildUpstreamBody(req, plan);
  expect(body.tools?.map((t) => (t.type === "function" ? t.function.description : null))).toEqual([
    "get_weather",
    "Local time",
  ]);
  // A server without the requirement gets the tools as they were written.
  const plain = buildUpstreamBody(req, planCall(req, new Map([["tools", v("supported")]])));
  expect(plain.tools?.[0]).toEqual(tools[0]);
});
