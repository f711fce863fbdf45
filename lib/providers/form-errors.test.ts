import { expect, test } from "vitest";
import { formErrorBanner, providerFieldLabel } from "./form-errors";

test("field paths read as the form's labels", () => {
  expect(providerFieldLabel("baseUrl")).toBe("Base URL");
  expect(providerFieldLabel("headers.1.value")).toBe("Header 2 value");
  expect(providerFieldLabel("somethingNew")).toBe("somethingNew");
});

test("the banner names the fields in words and leaves their messages to the fields", () => {
  const message = "baseUrl points at 169.254.169.254, a link-local or cloud-metadata address";
  expect(formErrorBanner("saved", message, { baseUrl: "points at a link-local address" })).toBe(
    "Not saved: check Base URL (see the message by the field).",
  );
  expect(
    formErrorBanner("tested", "moves", { apiKey: "must be re-entered", "headers.0.value": "must be re-entered" }),
  ).toBe("Not tested: check API key and Header 1 value (see the messages by the fields).");
  expect(formErrorBanner("saved", "Someone else saved this provider.", {})).toBe("Someone else saved this provider.");
});
