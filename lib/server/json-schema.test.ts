import { expect, test } from "vitest";
import { schemaErrors, schemaProblem } from "./json-schema";

test("a schema with an $id, sent again as a new object, still compiles and validates", () => {
  const make = () => ({ $id: "https://example.com/person", type: "object", required: ["name"] });
  for (let i = 0; i < 3; i++) {
    expect(schemaProblem(make())).toBeNull();
    expect(schemaErrors(make(), { name: "Ada" })).toBeUndefined();
    expect(schemaErrors(make(), {})).toMatch(/required property 'name'/);
  }
});

test("a draft-07 $schema is ignored; a broken schema is named", () => {
  expect(schemaProblem({ $schema: "http://json-schema.org/draft-07/schema#", type: "object" })).toBeNull();
  expect(schemaProblem({ type: "nope" })).toMatch(/type/);
});

test("a backtracking pattern runs in linear time: 10,000 characters against ^(a+)+$ answer at once", () => {
  const schema = { type: "object", properties: { a: { type: "string", pattern: "^(a+)+$" } } };
  // With JavaScript's engine this doubles per character; 40 would already take hours.
  expect(schemaErrors(schema, { a: `${"a".repeat(40)}!` })).toMatch(/must match pattern/);
  expect(schemaErrors(schema, { a: `${"a".repeat(10_000)}!` })).toMatch(/must match pattern/);
  expect(schemaErrors(schema, { a: "aaaa" })).toBeUndefined();
});

test("patterns keep JSON Schema's meaning: unanchored search, classes, Unicode escapes, patternProperties", () => {
  const schema = {
    type: "object",
    properties: { zip: { type: "string", pattern: "\\d{5}" }, word: { type: "string", pattern: "^caf\\u00e9$" } },
    patternProperties: { "^x-": { type: "integer" } },
  };
  expect(schemaErrors(schema, { zip: "FR-75001", word: "café", "x-count": 3 })).toBeUndefined();
  expect(schemaErrors(schema, { zip: "75", word: "cafe" })).toMatch(/zip must match pattern/);
  expect(schemaErrors(schema, { "x-count": "three" })).toMatch(/x-count must be integer/);
  // Two different patterns are two different checks (ajv keys compiled patterns by their text).
  const two = { type: "array", prefixItems: [{ pattern: "^a$" }, { pattern: "^b$" }] };
  expect(schemaErrors(two, ["a", "b"])).toBeUndefined();
  expect(schemaErrors(two, ["b", "a"])).toMatch(/must match pattern "\^a\$"/);
});

test("a pattern RE2 cannot run (lookahead, backreference) is refused with the reason", () => {
  expect(schemaProblem({ type: "string", pattern: "^(?=.*\\d).+$" })).toMatch(
    /cannot be used: patterns are checked with RE2 \(linear time\), which has no lookaround or backreferences/,
  );
  expect(schemaProblem({ type: "string", pattern: "(a)\\1" })).toMatch(/cannot be used/);
});

test("uniqueItems on 50,000 objects is checked by hashing, not by comparing every pair", () => {
  const items = Array.from({ length: 50_000 }, (_, i) => ({ id: i, tags: ["x"] }));
  const schema = { type: "array", uniqueItems: true };
  expect(schemaErrors(schema, items)).toBeUndefined();
  expect(schemaErrors(schema, [...items, { tags: ["x"], id: 7 }])).toMatch(/must NOT have duplicate items/);
  expect(schemaErrors(schema, [1, "1", [1], { a: 1 }])).toBeUndefined();
});

test("schemas over the size, depth, node or pattern limits are refused before compiling", () => {
  let deep: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < 200_000; i++) deep = { items: deep };
  expect(schemaProblem(deep)).toMatch(/too large: it is nested deeper than 40 levels/);
  const wide = { type: "integer", enum: Array.from({ length: 12_000 }, () => 1) };
  expect(schemaProblem(wide)).toMatch(/more than 10000 values/);
  expect(schemaProblem({ type: "string", description: "x".repeat(100_001) })).toMatch(/larger than 100000 characters/);
  expect(schemaProblem({ type: "string", pattern: "a".repeat(1001) })).toMatch(/a pattern is longer than 1000/);
  expect(() => schemaErrors(deep, "x")).toThrow(/too large/);
  expect(schemaProblem({ type: "object", properties: { a: { type: "string", pattern: "^[a-z]+$" } } })).toBeNull();
});
