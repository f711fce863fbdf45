import { expect, test } from "vitest";
import { degradationSourceText, lostTimeText, metricsParts, requestErrorText } from "./format";

test("a rejected request names each field problem once", () => {
  const text = requestErrorText(400, "messages must hold at least one message", {
    messages: "must hold at least one message",
    "params.temperature": "must be between 0 and 2",
  });
  expect(text).toBe(
    "Request rejected (HTTP 400): messages must hold at least one message — params.temperature must be between 0 and 2",
  );
  expect(requestErrorText(0, "Could not reach the server.", {})).toBe("Could not reach the server.");
});

test("a reply's timing reads as the answering target's, with the time lost to failed targets apart", () => {
  const m = { ttftMs: 20, totalMs: 3040, lostMs: 3000, tokensPerSecond: 41.25, usage: null };
  expect(metricsParts(m)).toEqual(["first token 20 ms", "41.3 tok/s", "usage not reported", "total 3.04 s"]);
  expect(lostTimeText(m, 1)).toBe("3.00 s lost to a failed target first");
  expect(lostTimeText(m, 2)).toBe("3.00 s lost to 2 failed targets first");
  expect(lostTimeText({ ...m, lostMs: 0 }, 0)).toBeNull();
  // Saved before lostMs existed.
  expect(lostTimeText({ ttftMs: 5, totalMs: 9, tokensPerSecond: null, usage: null }, 1)).toBeNull();
});

test("a degradation says what its decision rests on", () => {
  const base = { feature: "json_mode", label: "JSON by instruction", detail: "Asked for JSON in the system prompt." };
  expect(
    degradationSourceText({
      ...base,
      source: { kind: "probe", runId: "r1", verdict: "unsupported", at: "2026-12-01T00:00:00Z" },
    }),
  ).toBe("Decided from the latest probe of this model: its verdict was unsupported.");
  expect(
    degradationSourceText({
      ...base,
      source: { kind: "refusal", status: 400, message: "json_object is not supported" },
    }),
  ).toBe("The provider refused the first try with HTTP 400: json_object is not supported");
});
