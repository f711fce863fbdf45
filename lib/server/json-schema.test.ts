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
