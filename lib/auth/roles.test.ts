import { expect, test } from "vitest";
import { hasRole } from "./roles";

test.each([
  ["admin", "admin", true],
  ["admin", "viewer", true],
  ["member", "member", true],
  ["member", "admin", false],
  ["viewer", "member", false],
  ["viewer", "viewer", true],
  ["owner", "viewer", false],
  [null, "viewer", false],
] as const)("%s has %s: %s", (role, required, expected) => {
  expect(hasRole(role, required)).toBe(expected);
});
