import "server-only";
import { schemaErrors } from "../../json-schema";
import { ask, parseJson, quote } from "../helpers";
import { type ProbeContext, type ResultFlag, defineProbe, notExercised, partial, supported } from "../types";

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

const PROMPT = "Invent a person: name, age, role, address and a few tags.";

type Check = { valid: true } | { valid: false; why: string };

function check(content: string): Check {
  const parsed = parseJson(content);
  if (parsed === undefined) return { valid: false, why: `the content is not JSON: ${quote(content)}` };
  const errors = schemaErrors(PERSON_SCHEMA, parsed);
  return errors
    ? { valid: false, why: `the JSON does not match the schema (${errors.slice(0, 120)})` }
    : { valid: true };
}

/**
 * Ways a server kind takes a schema of its own, tried when the OpenAI form is not honoured.
 * llama.cpp enforces a schema given as `response_format: {type: "json_object", schema}`
 * (examples/server/utils.hpp reads `response_format.schema` for json_object) even in builds
 * whose json_schema handling drops it; Ollama's own /api/chat takes a schema as `format`.
 */
const NATIVE: Partial<
  Record<
    ProbeContext["provider"]["kind"],
    { label: string; flag?: ResultFlag; run(ctx: ProbeContext): Promise<string> }
  >
> = {
  llamacpp: {
    label: 'response_format {type: "json_object", schema}',
    flag: "native:json_object_schema",
    async run({ upstream, model }) {
      const res = await upstream.chat({
        model,
        messages: ask(PROMPT),
        response_format: { type: "json_object", schema: PERSON_SCHEMA },
      });
      return res.choices?.[0]?.message?.content ?? "";
    },
  },
  ollama: {
    label: "format: <schema> on Ollama's own /api/chat",
    async run({ upstream, model }) {
      const res = (await upstream.native("POST", "/api/chat", {
        model,
        stream: false,
        messages: ask(PROMPT),
        format: PERSON_SCHEMA,
      })) as { message?: { content?: unknown } } | null;
      return typeof res?.message?.content === "string" ? res.message.content : "";
    },
  },
};

/**
 * `structured_output`: `response_format: json_schema` (strict) yields content that validates
 * against the schema (ajv). A valid answer is compared with the same request without
 * `response_format` (a model could follow the prompt into a valid instance by chance). When
 * the OpenAI form is not honoured, the kind's native form is tried and recorded ("native
 * alternative works: …", a flag the degradation rules use); the verdict stays `partial`.
 * LocalAI's grammar may fail to build and leave output unconstrained; llama.cpp drops the
 * schema in some builds (#24097).
 */
export const structuredOutputProbe = defineProbe({
  feature: "structured_output",
  title: "Structured output",
  group: "structured output",
  description: "response_format json_schema (strict): the content validates against the schema.",
  sends: '`response_format: {type: "json_schema", …}`',
  fields: ["response_format", "json_schema"],
  requests: 3,
  async run(ctx) {
    const { upstream, model } = ctx;
    const res = await upstream.chat({
      model,
      messages: ask(PROMPT),
      response_format: { type: "json_schema", json_schema: { name: "person", schema: PERSON_SCHEMA, strict: true } },
    });
    const result = check(res.choices?.[0]?.message?.content ?? "");
    if (result.valid) {
      const control = (await upstream.chat({ model, messages: ask(PROMPT) })).choices?.[0]?.message?.content ?? "";
      if (check(control).valid) return notExercised("the model's answer fits the schema even without response_format.");
      return supported("The content validates against the requested JSON Schema.");
    }
    const native = NATIVE[ctx.provider.kind];
    if (!native) return partial(`Accepted, but ${result.why}.`);
    const attempt = await upstream.capture(() => native.run(ctx));
    const nativeWorks = attempt.ok && check(attempt.value).valid;
    const details = { nativeAlternative: { form: native.label, works: nativeWorks } };
    if (!nativeWorks)
      return partial(`Accepted, but ${result.why}; the native ${native.label} did not help either.`, details);
    return {
      ...partial(`Accepted, but ${result.why}. Native alternative works: ${native.label}.`, details),
      ...(native.flag ? { flags: [native.flag] } : {}),
    };
  },
});
