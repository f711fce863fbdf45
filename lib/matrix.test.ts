import { expect, test } from "vitest";
import {
  defaultOrientation,
  exchangeErrorText,
  featuresByLatencyChange,
  prettyExcerpt,
  readMatrixQuery,
} from "./matrix";
import { matrixQuerySchema } from "./schemas/matrix";
import { flagText, runTriggerText } from "./probe-vocabulary";

test("the browser reads matrix filters exactly as the API's schema does for valid input", () => {
  const cases: Record<string, string>[] = [
    {},
    { environment: "staging" },
    { kind: "lmstudio", problems: "1" },
    { problems: "true", sort: "supported" },
    { problems: "0", sort: "name", environment: "production", kind: "custom" },
  ];
  for (const params of cases) expect(readMatrixQuery(params)).toEqual(matrixQuerySchema.parse(params));
});

test("a value the API would refuse is ignored in the browser, keeping the rest", () => {
  expect(matrixQuerySchema.safeParse({ kind: "nope" }).success).toBe(false);
  expect(readMatrixQuery({ kind: "nope", environment: "staging", sort: "sideways", problems: "yes" })).toEqual({
    environment: "staging",
    problems: false,
    sort: "name",
  });
});

test("evidence excerpts: JSON is indented, other text kept as it came, long ones cut", () => {
  expect(prettyExcerpt('{"a":{"b":[1,2]}}')).toBe('{\n  "a": {\n    "b": [\n      1,\n      2\n    ]\n  }\n}');
  expect(prettyExcerpt({ model: "m" })).toBe('{\n  "model": "m"\n}');
  expect(prettyExcerpt('data: {"x":1}\n\ndata: [DONE]')).toBe('data: {"x":1}\n\ndata: [DONE]');
  expect(prettyExcerpt('"just a string"')).toBe('"just a string"');
  expect(prettyExcerpt("x".repeat(5000))).toHaveLength(4001);
});

test("the default layout is the seed's (features as rows) while the providers fit side by side", () => {
  expect(defaultOrientation(1)).toBe("features");
  expect(defaultOrientation(8)).toBe("features");
  expect(defaultOrientation(9)).toBe("providers");
});

test("a run's trigger reads as words, with who started a manual run", () => {
  expect(runTriggerText("manual", "Ada")).toBe("manual run by Ada");
  expect(runTriggerText("manual", null)).toBe("manual run");
  expect(runTriggerText("schedule", null)).toBe("scheduled");
  expect(runTriggerText("cli", null)).toBe("CLI");
});

test("the latency chart starts with the features whose latency moved most", () => {
  const run = (id: string, latency: Record<string, number>) => ({
    id,
    status: "completed",
    trigger: "manual" as const,
    startedBy: null,
    serverVersion: null,
    startedAt: "2026-12-01T00:00:00.000Z",
    finishedAt: null,
    counts: { supported: 0, partial: 0, unsupported: 0, error: 0, skipped: 0 },
    verdicts: Object.fromEntries(
      Object.entries(latency).map(([f, latencyMs]) => [f, { verdict: "supported" as const, latencyMs }]),
    ),
  });
  const runs = [run("a", { chat: 100, tools: 50, seed: 10 }), run("b", { chat: 110, tools: 900, vision: 5 })];
  expect(featuresByLatencyChange(runs, ["chat", "seed", "tools", "vision"])).toEqual([
    "tools",
    "chat",
    "seed",
    "vision",
  ]);
});

test("a failed exchange reads as the server's status and its own message, or the failure in words", () => {
  expect(
    exchangeErrorText({ kind: "http", status: 400, message: "'response_format.type' must be 'json_schema'" }),
  ).toBe("HTTP 400: 'response_format.type' must be 'json_schema'");
  expect(exchangeErrorText({ kind: "timeout", message: "no answer within 3000 ms" })).toBe(
    "Timed out: no answer within 3000 ms",
  );
  expect(exchangeErrorText({ kind: "invalid_response", status: 200, message: "the answer broke off" })).toBe(
    "Invalid response: the answer broke off",
  );
  expect(exchangeErrorText({ kind: "something_new", message: "m" })).toBe("something new: m");
});

test("result flags read in words; an unknown flag as it is", () => {
  expect(flagText("requires:tool_description")).toMatch(/^Requires a description on every function tool/);
  expect(flagText("native:json_object_schema")).toContain('{type: "json_object", schema}');
  expect(flagText("requires:something_else")).toBe("requires:something_else");
});
