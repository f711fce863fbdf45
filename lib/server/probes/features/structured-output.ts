import "server-only";
import { schemaErrors } from "../../json-schema";
import { ask, parseJson, quote } from "../helpers";
import { defineProbe, partial, supported } from "../types";

/** A schema with required fields, an enum, bounds, nesting and an array, as strict mode allows. */
export const PERSON_SCHEMA = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 2, maxLength: 40 },
    age: { type: "integer", minimum: 0, maximum: 120 },
    role: { type: "string", enum: ["admin", "editor", "viewer"] },
    address: {
      type: "object",
      properties: { city: { type: "string" }, zip: { type: "string", maxLength: 5 } },
      required: ["city", "zip"],
      additionalProperties: false,
    },
    tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
  },
  required: ["name", "age", "role", "address", "tags"],
  additionalProperties: false,
};

/**
 * `structured_output`: `response_format: json_schema` (strict) yields content that validates
 * against the schema (ajv). LocalAI's grammar may fail to build and leave output
 * unconstrained; llama.cpp ignores the schema in some builds (#24097): both → partial.
 */
export const structuredOutputProbe = defineProbe({
  feature: "structured_output",
  title: "Structured output",
  group: "structured output",
  description: "response_format json_schema (strict): the content validates against the schema.",
  fields: ["response_format", "json_schema"],
  async run({ upstream, model }) {
    const res = await upstream.chat({
      model,
      messages: ask("Invent a person: name, age, role, address and a few tags."),
      response_format: { type: "json_schema", json_schema: { name: "person", schema: PERSON_SCHEMA, strict: true } },
    });
    const content = res.choices?.[0]?.message?.content ?? "";
    const parsed = parseJson(content);
    if (parsed === undefined) return partial(`Accepted, but the content is not JSON: ${quote(content)}.`);
    const errors = schemaErrors(PERSON_SCHEMA, parsed);
    if (errors)
      return partial(`Accepted, but the JSON does not match the schema (${errors.slice(0, 200)}).`, { errors });
    return supported("The content validates against the requested JSON Schema.");
  },
});
