import { expect, test } from "vitest";
import { classifyFailure, compareDeclared, namesField } from "./classify";

const http = (status: number, message: string) => ({ kind: "http" as const, status, message });

test.each([
  [400, "'response_format.type' must be 'json_schema' or 'text'", "unsupported"],
  [404, "Invalid URL (POST /v1/completions)", "unsupported"],
  [405, "Method not allowed", "unsupported"],
  [415, "Unsupported media type", "unsupported"],
  [422, "stop: extra fields not permitted", "unsupported"],
  [501, "This server does not support embeddings. Start it with `--embeddings`", "unsupported"],
  [401, "Incorrect API key provided", "error"],
  [403, "Forbidden", "error"],
  [429, "Rate limit reached", "error"],
  [404, 'model "llama9" not found, try pulling it first', "error"],
  [404, "The model `x` does not exist or you do not have access to it.", "error"],
  [502, "502 Bad Gateway", "error"],
  [503, "The engine is currently overloaded", "error"],
  [500, "The server had an error while processing your request. Sorry about that!", "error"],
  [500, "Only one completion choice is allowed (n must be 1)", "unsupported"],
] as const)("HTTP %i %j → %s (probe fields: n)", (status, message, verdict) => {
  expect(classifyFailure(http(status, message), ["n"]).verdict).toBe(verdict);
});

test("transport failures are error, never unsupported", () => {
  for (const kind of ["timeout", "refused", "dns", "tls", "invalid_response", "network", "aborted"] as const) {
    expect(classifyFailure({ kind, message: "x" }, ["n"]).verdict).toBe("error");
  }
});

test("a 500 is a refusal only when it names the probe's field as a word", () => {
  expect(namesField("Cannot use tools with stream", ["tools", "stream"])).toBe("tools");
  expect(namesField("an internal error occurred", ["n"])).toBeUndefined();
  expect(namesField("tool_choice.n is invalid", ["n"])).toBeUndefined();
  expect(classifyFailure(http(500, "Cannot use tools with stream"), ["n"]).verdict).toBe("error");
});

test("declared vs observed", () => {
  const declared = { capabilities: ["completion" as const, "tools" as const], source: "ollama /api/show" };
  expect(compareDeclared("tools", declared, "unsupported").disagreement).toMatch(/Declared "tools".*unsupported/);
  expect(compareDeclared("vision", declared, "supported")).toMatchObject({ declared: false });
  expect(compareDeclared("tools", declared, "partial")).toEqual({ declared: true, disagreement: null });
  expect(compareDeclared("tools", null, "unsupported")).toEqual({ declared: null, disagreement: null });
});
