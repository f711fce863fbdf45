import "server-only";
import Ajv2020 from "ajv/dist/2020";
import type { RegExpEngine } from "ajv/dist/types";
import addFormats from "ajv-formats";
import { RE2JS } from "re2js";

/**
 * JSON Schema validation on the server (ajv, draft 2020-12, formats): probes check
 * structured output and tool arguments with it, the playground and the gateway check replies
 * against the schemas callers send. Those schemas are untrusted input, so nothing in one may
 * make the server do super-linear work:
 * - `pattern` and `patternProperties` run on RE2 (re2js: linear time, no backtracking);
 *   a pattern RE2 cannot express (lookaround, backreferences) is refused with that reason;
 * - `uniqueItems` is checked by hashing a canonical form of each item (ajv's own compares
 *   every pair of items);
 * - a schema is bounded in size, depth and node count before it is compiled ({@link SCHEMA_LIMITS}).
 * Compiled validators are kept per schema object.
 */

/** What a schema from a request may hold at most. OpenAI's own structured outputs allow 10 levels of nesting. */
export const SCHEMA_LIMITS = {
  /** Characters of the schema as JSON. */
  chars: 100_000,
  /** Nesting of objects and arrays in the schema's JSON (a property is two levels: `properties` → name). */
  depth: 40,
  /** Values (objects, arrays, strings, numbers…) in the schema. */
  nodes: 10_000,
  /** Characters of one `pattern` or `patternProperties` key. */
  patternChars: 1000,
} as const;

/** Longest ajv error text returned (a reply with thousands of bad items would otherwise give megabytes). */
const MAX_ERROR_TEXT = 2000;

/** ajv's `code.regExp`: RE2 semantics, linear in the input whatever the pattern. */
const re2: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    let compiled: RE2JS;
    try {
      compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
    } catch (err) {
      throw new Error(
        `pattern ${JSON.stringify(pattern)} cannot be used: patterns are checked with RE2 (linear time), which has no lookaround or backreferences (${(err as Error).message})`,
      );
    }
    // ajv keys compiled patterns by toString(): it must differ per pattern.
    return { test: (s: string) => compiled.test(s), toString: () => `/${pattern}/${flags}` };
  },
  { code: "re2" },
);

// addUsedSchema: false — a user's schema with an `$id` must compile again on the next
// request (ajv would otherwise refuse the same `$id` twice).
const ajv = new Ajv2020({ strict: false, allErrors: true, addUsedSchema: false, code: { regExp: re2 } });
addFormats(ajv);
ajv.removeKeyword("uniqueItems");
ajv.addKeyword({
  keyword: "uniqueItems",
  type: "array",
  schemaType: "boolean",
  error: { message: "must NOT have duplicate items" },
  validate: (unique: boolean, data: unknown[]) => !unique || new Set(data.map(canonicalJson)).size === data.length,
});

/** JSON with object keys sorted: equal JSON values give equal strings (what `uniqueItems` compares). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Why `schema` is too large to compile, or null: walked iteratively (no recursion, so a
 * 200,000-deep schema cannot overflow the stack), stopping at the first limit crossed.
 */
export function schemaLimitProblem(schema: unknown): string | null {
  const stack: { value: unknown; depth: number; key: string | null }[] = [{ value: schema, depth: 0, key: null }];
  let nodes = 0;
  let chars = 0;
  while (stack.length) {
    const { value, depth, key } = stack.pop()!;
    if (++nodes > SCHEMA_LIMITS.nodes) return `it holds more than ${SCHEMA_LIMITS.nodes} values`;
    if (depth > SCHEMA_LIMITS.depth) return `it is nested deeper than ${SCHEMA_LIMITS.depth} levels`;
    if (typeof value === "string") {
      chars += value.length + 2;
      if (key === "pattern" && value.length > SCHEMA_LIMITS.patternChars) {
        return `a pattern is longer than ${SCHEMA_LIMITS.patternChars} characters`;
      }
    } else if (value !== null && typeof value === "object") {
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      for (const [k, v] of entries) {
        chars += Array.isArray(value) ? 1 : k.length + 4;
        if (key === "patternProperties" && k.length > SCHEMA_LIMITS.patternChars) {
          return `a patternProperties key is longer than ${SCHEMA_LIMITS.patternChars} characters`;
        }
        stack.push({ value: v, depth: depth + 1, key: Array.isArray(value) ? key : k });
      }
    } else {
      chars += String(value).length;
    }
    if (chars > SCHEMA_LIMITS.chars) return `it is larger than ${SCHEMA_LIMITS.chars} characters`;
  }
  return null;
}

type Validator = ReturnType<typeof ajv.compile>;
/** Our own schemas (probes) are long-lived objects: cached by identity. */
const byObject = new WeakMap<object, Validator>();
/** Schemas from requests are new objects each time: cached by their text, a bounded number. */
const byText = new Map<string, Validator>();
const MAX_BY_TEXT = 200;

/** The validator of `schema`; throws when it is too large or does not compile. The dialect is ours: a `$schema` is ignored. */
function validatorOf(schema: object): Validator {
  const known = byObject.get(schema);
  if (known) return known;
  const tooLarge = schemaLimitProblem(schema);
  if (tooLarge) throw new Error(`the schema is too large: ${tooLarge}`);
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  const text = JSON.stringify(rest);
  let validate = byText.get(text);
  if (!validate) {
    validate = ajv.compile(rest);
    // ajv keeps every compiled schema object; ours are in the maps above.
    ajv.removeSchema(rest);
    if (byText.size >= MAX_BY_TEXT) byText.delete(byText.keys().next().value!);
    byText.set(text, validate);
  }
  byObject.set(schema, validate);
  return validate;
}

/** Why `schema` cannot be used (too large, or does not compile), or null when it can. */
export function schemaProblem(schema: object): string | null {
  try {
    validatorOf(schema);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Validates `value` against `schema`: ajv's error text, or undefined when valid. Throws when the schema cannot be used. */
export function schemaErrors(schema: object, value: unknown): string | undefined {
  const validate = validatorOf(schema);
  if (validate(value)) return undefined;
  const text = ajv.errorsText(validate.errors);
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}
