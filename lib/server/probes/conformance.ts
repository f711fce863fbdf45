import "server-only";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import schemas from "./spec/openai-chat-schemas.json" with { type: "json" };
import responsesSchemas from "./spec/openai-responses-schemas.json" with { type: "json" };

/**
 * Spec conformance as evidence: every response body and stream chunk a probe receives is
 * validated against OpenAI's published JSON Schemas (a copy of
 * ../shared/openai-openapi/chat-schemas.json, kept in step by a test), and what deviates is
 * recorded beside the verdict as a warning. Strict clients break on exactly these: a
 * `finish_reason` of the string "null", a chunk without `index`, a completion without
 * `created`, `tool_calls` whose elements are strings.
 *
 * These are our own, trusted schemas: the default ajv regex engine is fine here.
 */

/** What a body is expected to be. */
export type ShapeKind =
  | "chat"
  | "chunk"
  | "completion"
  | "embeddings"
  | "models"
  | "model"
  | "error"
  /** A Responses API body (`Response`) and one of its stream events (`ResponseStreamEvent`). */
  | "response"
  | "response_event";

const DEFINITION: Record<ShapeKind, string> = {
  chat: "CreateChatCompletionResponse",
  chunk: "CreateChatCompletionStreamResponse",
  completion: "CreateCompletionResponse",
  embeddings: "CreateEmbeddingResponse",
  models: "ListModelsResponse",
  model: "Model",
  error: "ErrorResponse",
  response: "Response",
  response_event: "ResponseStreamEvent",
};

/** Which bundle defines a shape (the Responses schemas come from scripts/responses-schemas.ts). */
const BUNDLE: Partial<Record<ShapeKind, string>> = {
  response: responsesSchemas.$id,
  response_event: responsesSchemas.$id,
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("unixtime", { type: "number", validate: (v: number) => Number.isInteger(v) && v >= 0 });
ajv.addSchema(schemas);
ajv.addSchema(responsesSchemas);
const validators = new Map<ShapeKind, ReturnType<typeof ajv.compile>>();

function validatorFor(kind: ShapeKind) {
  let validate = validators.get(kind);
  if (!validate) {
    const found = ajv.getSchema(`${BUNDLE[kind] ?? schemas.$id}#/$defs/${DEFINITION[kind]}`);
    if (!found) throw new Error(`no schema ${DEFINITION[kind]}`);
    validate = found;
    validators.set(kind, validate);
  }
  return validate;
}

type Defs = Record<string, { anyOf?: { $ref: string }[]; properties?: { type?: { enum?: string[] } } }>;
// The generated JSON Schema module's type is its literal; only these fields are read here.
const RESPONSE_DEFS = responsesSchemas.$defs as unknown as Defs;

/** Responses event `type` → its own schema (the union's errors name every one of 59 members). */
const EVENT_SCHEMAS = new Map<string, string>(
  (RESPONSE_DEFS.ResponseStreamEvent?.anyOf ?? []).flatMap(({ $ref }) => {
    const name = $ref.split("/").pop()!;
    return (RESPONSE_DEFS[name]?.properties?.type?.enum ?? []).map((type) => [type, name] as [string, string]);
  }),
);

function eventValidator(value: unknown) {
  const type = (value as { type?: unknown } | null)?.type;
  const name = typeof type === "string" ? EVENT_SCHEMAS.get(type) : undefined;
  if (!name) return validatorFor("response_event");
  const found = ajv.getSchema(`${responsesSchemas.$id}#/$defs/${name}`);
  if (!found) throw new Error(`no schema ${name}`);
  return found;
}

/** At most this many deviations are kept per body (a broken stream repeats the same ones). */
const MAX_PER_BODY = 4;

/**
 * How `value` deviates from OpenAI's schema for `kind`, as short sentences
 * (`/choices/0/finish_reason must be one of stop, length, tool_calls, content_filter,
 * function_call (got "null")`); empty when it conforms.
 */
export function specDeviations(kind: ShapeKind, value: unknown): string[] {
  const validate = kind === "response_event" ? eventValidator(value) : validatorFor(kind);
  if (validate(value)) return [];
  // anyOf/oneOf report each failed branch at the same place ("must be one of … " and "must
  // be null" for an optional enum): one sentence per place, naming everything it may be.
  const errors = (validate.errors ?? []).filter((e) => !["anyOf", "oneOf", "allOf", "if"].includes(e.keyword));
  const byPlace = new Map<string, { allowed: string[]; other: string[] }>();
  const out: string[] = [];
  for (const e of errors) {
    const where = e.instancePath || "(body)";
    if (e.keyword === "required") {
      out.push(`${where} lacks the required "${(e.params as { missingProperty?: string }).missingProperty}"`);
      continue;
    }
    const place = byPlace.get(where) ?? { allowed: [], other: [] };
    byPlace.set(where, place);
    if (e.keyword === "enum") {
      const values = (e.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      place.allowed.push(...values.map((v) => JSON.stringify(v)));
    } else if (e.keyword === "type") {
      place.allowed.push(String((e.params as { type?: string }).type));
    } else if (e.keyword === "const") {
      place.allowed.push(JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue));
    } else {
      place.other.push(e.message ?? "does not match the schema");
    }
  }
  for (const [where, { allowed, other }] of byPlace) {
    const got = describe(valueAt(value, where === "(body)" ? "" : where));
    if (allowed.length > 0) out.push(`${where} must be ${[...new Set(allowed)].join(" or ")} (got ${got})`);
    for (const message of new Set(other)) out.push(`${where} ${message}`);
  }
  return [...new Set(out)].slice(0, MAX_PER_BODY);
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
