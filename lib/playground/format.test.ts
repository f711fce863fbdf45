import { expect, test } from "vitest";
import { requestErrorText } from "./format";

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
