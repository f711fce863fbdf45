import { expect, test } from "vitest";
import { httpUrlOrNull, imageLinkText } from "./links";

test("only absolute http(s) image URLs become links", () => {
  expect(httpUrlOrNull("https://attacker.example/x.png?data=secret")).toBe(
    "https://attacker.example/x.png?data=secret",
  );
  expect(httpUrlOrNull(" http://example.com/a b.png ")).toBe("http://example.com/a%20b.png");
  expect(httpUrlOrNull("/api/playground/sessions")).toBeNull();
  expect(httpUrlOrNull("//attacker.example/x.png")).toBeNull();
  expect(httpUrlOrNull("data:image/png;base64,AAAA")).toBeNull();
  expect(httpUrlOrNull("javascript:alert(1)")).toBeNull();
  expect(httpUrlOrNull("")).toBeNull();
  expect(httpUrlOrNull(undefined)).toBeNull();
});

test("an image is named by its alt text", () => {
  expect(imageLinkText("a red square")).toBe("[image: a red square]");
  expect(imageLinkText("")).toBe("[image: no description]");
  expect(imageLinkText(undefined)).toBe("[image: no description]");
});
