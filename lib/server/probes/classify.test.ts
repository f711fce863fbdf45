import { expect, test } from "vitest";
import {
  type ClassifyContext,
  classifyFailure,
  compareDeclared,
  namesField,
  shortReason,
  withoutEcho,
} from "./classify";
import type { RequestFailureInfo } from "./upstream";

const http = (status: number, message: string, repeated = true, requestBody?: unknown): RequestFailureInfo => ({
  kind: "http",
  status,
  message,
  repeated,
  requestBody,
});
const withBaseline: ClassifyContext = { baseline: "ok", sends: "`n: 2`", fields: ["n"] };
const noBaseline: ClassifyContext = { ...withBaseline, baseline: "failed" };

test("a 4xx or 5xx that repeats while the plain chat works is a refusal, whatever it says", () => {
  const outcome = classifyFailure(http(500, "Only one completion choice is allowed"), withBaseline);
  expect(outcome).toEqual({
    verdict: "unsupported",
    reason: "HTTP 500 only when `n: 2` is sent: Only one completion choice is allowed",
  });
  expect(classifyFailure(http(503, "busy"), withBaseline).verdict).toBe("unsupported");
  // It did not repeat (the retry was cut short): nothing is concluded.
  expect(classifyFailure(http(500, "oops", false), withBaseline).verdict).toBe("error");
});

test.each([
  [401, "Incorrect API key provided"],
  [403, "Forbidden"],
  [429, "Rate limit reached"],
  [404, 'model "llama9" not found, try pulling it first'],
  [404, "model 'llama9' not found"],
  [404, "The model `x` does not exist or you do not have access to it."],
] as const)("HTTP %i %j is error even when it repeats with a working baseline", (status, message) => {
  expect(classifyFailure(http(status, message), withBaseline).verdict).toBe("error");
});

test.each([
  [400, "'response_format.type' must be 'json_schema' or 'text'", "unsupported"],
  [404, "Invalid URL (POST /v1/completions)", "unsupported"],
  [405, "Method not allowed", "unsupported"],
  [415, "Unsupported media type", "unsupported"],
  [422, "stop: extra fields not permitted", "unsupported"],
  [501, "This server does not support embeddings. Start it with `--embeddings`", "unsupported"],
  [502, "502 Bad Gateway", "error"],
  [503, "The engine is currently overloaded", "error"],
  [500, "The server had an error while processing your request. Sorry about that!", "error"],
  [500, "n must be 1", "unsupported"],
] as const)(
  "without a working baseline, HTTP %i %j → %s (status first, then the 500's own words)",
  (status, message, verdict) => {
    expect(classifyFailure(http(status, message), noBaseline).verdict).toBe(verdict);
  },
);

test("transport failures are error, never unsupported", () => {
  for (const kind of [
    "timeout",
    "refused",
    "dns",
    "tls",
    "invalid_response",
    "network",
    "aborted",
    "redirect",
  ] as const) {
    expect(classifyFailure({ kind, message: "x", repeated: false }, withBaseline).verdict).toBe("error");
  }
});

test("keywords are searched in the server's own words, never in the echo of our request", () => {
  const body = {
    model: "m",
    messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] }],
  };
  const echoed = `Invalid request: ${JSON.stringify(body)}`;
  expect(namesField(withoutEcho(echoed, body), ["image", "image_url"])).toBeUndefined();
  const vision = { ...noBaseline, fields: ["image", "image_url"] };
  expect(classifyFailure(http(500, echoed, true, body), vision).verdict).toBe("error");
  expect(classifyFailure(http(500, "image input is not supported", true, body), vision).verdict).toBe("unsupported");
});

test("a 500's own words name the feature only as a word of their own", () => {
  expect(namesField("Cannot use tools with stream", ["tools", "stream"])).toBe("tools");
  expect(namesField("an internal error occurred", ["n"])).toBeUndefined();
  expect(namesField("tool_choice.n is invalid", ["n"])).toBeUndefined();
});

test("reasons are one line of at most 200 characters, with data URLs elided", () => {
  const long = shortReason(`HTTP 500: ${"x".repeat(500)}`);
  expect(long.length).toBeLessThanOrEqual(200);
  expect(shortReason(`got data:image/png;base64,${"A".repeat(5000)} back`)).toBe(
    "got data:image/png;base64,… (5022 chars) back",
  );
});

test("declared vs observed: only a capability the server stated anything about can disagree", () => {
  const ollama = {
    capabilities: ["completion" as const, "tools" as const],
    known: ["completion" as const, "tools" as const, "vision" as const, "embedding" as const],
    source: "ollama /api/show",
  };
  expect(compareDeclared("tools", ollama, "unsupported").disagreement).toMatch(/Declared "tools".*unsupported/);
  expect(compareDeclared("vision", ollama, "supported")).toMatchObject({ declared: false });
  expect(compareDeclared("tools", ollama, "partial")).toEqual({ declared: true, disagreement: null });
  expect(compareDeclared("tools", null, "unsupported")).toEqual({ declared: null, disagreement: null });
  // llama.cpp's /props without modalities says nothing about vision: no "declared without vision".
  const props = { capabilities: ["completion" as const], known: ["completion" as const], source: "llamacpp /props" };
  expect(compareDeclared("vision", props, "supported")).toEqual({ declared: null, disagreement: null });
});
