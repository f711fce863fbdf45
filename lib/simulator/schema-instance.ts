/**
 * Generates a JSON value that validates against a JSON Schema: the simulator's answer to
 * `response_format: json_schema` and the arguments of its tool calls. Covers what models
 * are asked for in practice: types, required, enum, const, nested objects, arrays,
 * numeric and length bounds, common string formats, `$ref` to `$defs`/`definitions`,
 * `allOf`, `anyOf` and `oneOf` (first usable branch). `pattern` is not supported.
 */
import { MAX_INSTANCE_NODES } from "./limits";
import { type Rng, pick, randomInt } from "./random";

/** A JSON Schema node as received in a request (untrusted, so every field is optional). */
export type JsonSchema = Record<string, unknown>;

/** Options of {@link generateInstance}. */
export interface InstanceOptions {
  /** Text used for free-form strings whose property name suggests user input (city, query…). */
  stringHint?: string;
}

const HINTED_KEYS = /city|location|place|country|query|search|topic|name|term|text|keyword/i;
const WORDS = ["alpha", "bravo", "cedar", "delta", "ember", "fjord", "grove", "harbor", "iris"];
const MAX_DEPTH = 8;
/** Characters one instance's strings hold at most (with MAX_INSTANCE_NODES, bounds the output). */
const MAX_INSTANCE_CHARS = 200_000;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

interface Walk {
  root: JsonSchema;
  rng: Rng;
  options: InstanceOptions;
  /**
   * What is left to generate. A schema from a request is untrusted: `minItems: 1e9`, a
   * `$ref: "#"` fanning out at every level or `minLength: 1e9` must not make the simulator
   * spin; once spent, values are cut short (the instance may then fail its schema, like a
   * real model's reply cut at its output limit).
   */
  budget: { nodes: number; chars: number };
}

/** A value valid against `schema`, drawn with `rng` (same seed, same value). */
export function generateInstance(schema: unknown, rng: Rng, options: InstanceOptions = {}): unknown {
  const root = isSchema(schema) ? schema : {};
  const budget = { nodes: MAX_INSTANCE_NODES, chars: MAX_INSTANCE_CHARS };
  return generate(root, { root, rng, options, budget }, 0, undefined);
}

function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  if (ref === "#") return root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match?.[1] || !match[2]) return {};
  const table = root[match[1]];
  const target = isSchema(table) ? table[decodeURIComponent(match[2])] : undefined;
  return isSchema(target) ? target : {};
}

function mergeAllOf(schema: JsonSchema, walk: Walk): JsonSchema {
  const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema) : [];
  const merged: JsonSchema = { ...schema };
  delete merged.allOf;
  for (const raw of parts) {
    if (--walk.budget.nodes < 0) break;
    const part = typeof raw.$ref === "string" ? resolveRef(raw.$ref, walk.root) : raw;
    const props = { ...(isSchema(merged.properties) ? merged.properties : {}) };
    Object.assign(props, isSchema(part.properties) ? part.properties : {});
    const required = [
      ...(Array.isArray(merged.required) ? merged.required : []),
      ...(Array.isArray(part.required) ? part.required : []),
    ];
    Object.assign(merged, part, { properties: props, required });
  }
  return merged;
}

function generate(input: JsonSchema, walk: Walk, depth: number, key: string | undefined): unknown {
  if (--walk.budget.nodes < 0) return null;
  let schema = input;
  if (typeof schema.$ref === "string") schema = { ...resolveRef(schema.$ref, walk.root), ...schema, $ref: undefined };
  if (Array.isArray(schema.allOf)) schema = mergeAllOf(schema, walk);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pick(walk.rng, schema.enum);
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (branches) {
    const usable = branches.filter(isSchema);
    const branch = usable.find((b) => b.type !== "null") ?? usable[0] ?? {};
    const rest = { ...schema, anyOf: undefined, oneOf: undefined };
    return generate({ ...rest, ...branch }, walk, depth, key);
  }
  const type = pickType(schema);
  if (depth > MAX_DEPTH && (type === "object" || type === "array")) return type === "object" ? {} : [];
  switch (type) {
    case "object":
      return generateObject(schema, walk, depth);
    case "array":
      return generateArray(schema, walk, depth);
    case "integer":
      return generateNumber(schema, walk.rng, true);
    case "number":
      return generateNumber(schema, walk.rng, false);
    case "boolean":
      return walk.rng() < 0.5;
    case "null":
      return null;
    default:
      return generateString(schema, walk, key);
  }
}

function pickType(schema: JsonSchema): string {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) {
    const first = type.find((t) => t !== "null") ?? type[0];
    return typeof first === "string" ? first : "string";
  }
  if (isSchema(schema.properties) || Array.isArray(schema.required)) return "object";
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return "array";
  return "string";
}

function generateObject(schema: JsonSchema, walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isSchema(schema.properties) ? schema.properties : {};
  for (const [name, sub] of Object.entries(properties)) {
    out[name] = generate(isSchema(sub) ? sub : {}, walk, depth + 1, name);
  }
  const required = Array.isArray(schema.required) ? schema.required : [];
  const extra = isSchema(schema.additionalProperties) ? schema.additionalProperties : {};
  for (const name of required) {
    if (typeof name === "string" && !(name in out)) out[name] = generate(extra, walk, depth + 1, name);
  }
  const minProperties = num(schema.minProperties) ?? 0;
  for (
    let i = 0;
    Object.keys(out).length < minProperties && schema.additionalProperties !== false && walk.budget.nodes > 0;
    i++
  ) {
    out[`extra_${i}`] = generate(extra, walk, depth + 1, undefined);
  }
  return out;
}

function generateArray(schema: JsonSchema, walk: Walk, depth: number): unknown[] {
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.filter(isSchema) : [];
  const min = Math.max(num(schema.minItems) ?? 0, 0);
  const tupleOnly = schema.items === false;
  const max = Math.max(
    Math.min(num(schema.maxItems) ?? Number.POSITIVE_INFINITY, tupleOnly ? prefix.length : Number.POSITIVE_INFINITY),
    min,
  );
  const high = Math.min(max, Math.max(min, 3));
  const itemSchema = isSchema(schema.items) ? schema.items : {};
  const drawn = randomInt(walk.rng, Math.max(min, Math.min(1, high)), high);
  const length = Math.max(drawn, Math.min(prefix.length, max));
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < length && walk.budget.nodes > 0; i++) {
    const sub = prefix[i] ?? itemSchema;
    let value = generate(sub, walk, depth + 1, undefined);
    if (schema.uniqueItems === true)
      value = uniqueValue(value, sub, seen, () => generate(sub, walk, depth + 1, undefined), i);
    seen.add(JSON.stringify(value));
    out.push(value);
  }
  return out;
}

/** Another value for `uniqueItems`: an unused enum member, a fresh draw, or a suffixed string. */
function uniqueValue(first: unknown, sub: JsonSchema, seen: Set<string>, draw: () => unknown, index: number): unknown {
  if (!seen.has(JSON.stringify(first))) return first;
  if (Array.isArray(sub.enum)) return sub.enum.find((v) => !seen.has(JSON.stringify(v))) ?? first;
  let value = first;
  for (let tries = 0; tries < 20 && seen.has(JSON.stringify(value)); tries++) value = draw();
  return typeof value === "string" && seen.has(JSON.stringify(value)) ? `${value}${index}` : value;
}

function generateNumber(schema: JsonSchema, rng: Rng, integer: boolean): number {
  const exclusiveMin = num(schema.exclusiveMinimum);
  const exclusiveMax = num(schema.exclusiveMaximum);
  const step = integer ? 1 : 0.5;
  let low = num(schema.minimum) ?? (exclusiveMin !== undefined ? exclusiveMin + step : undefined);
  let high = num(schema.maximum) ?? (exclusiveMax !== undefined ? exclusiveMax - step : undefined);
  low ??= high !== undefined ? high - 100 : 0;
  high ??= low + 100;
  if (integer) {
    low = Math.ceil(low);
    high = Math.floor(high);
  }
  const multipleOf = num(schema.multipleOf);
  if (multipleOf !== undefined && multipleOf > 0) {
    const first = Math.ceil(low / multipleOf);
    const last = Math.floor(high / multipleOf);
    return last >= first ? randomInt(rng, first, last) * multipleOf : first * multipleOf;
  }
  if (integer) return high >= low ? randomInt(rng, low, high) : low;
  return Math.round((low + rng() * (high - low)) * 100) / 100;
}

function generateString(schema: JsonSchema, walk: Walk, key: string | undefined): string {
  const format = typeof schema.format === "string" ? schema.format : undefined;
  const base = formatted(format, walk.rng) ?? freeText(walk, key);
  const min = Math.min(num(schema.minLength) ?? 0, walk.budget.chars);
  const max = num(schema.maxLength) ?? Number.POSITIVE_INFINITY;
  let text = base;
  while (text.length < min) text += pick(walk.rng, WORDS);
  text = text.length > max ? text.slice(0, max) : text;
  walk.budget.chars -= text.length;
  return text;
}

function freeText(walk: Walk, key: string | undefined): string {
  if (walk.options.stringHint && key !== undefined && HINTED_KEYS.test(key)) return walk.options.stringHint;
  return `${pick(walk.rng, WORDS)} ${pick(walk.rng, WORDS)}`;
}

function formatted(format: string | undefined, rng: Rng): string | undefined {
  const day = randomInt(rng, 1, 28).toString().padStart(2, "0");
  switch (format) {
    case "date-time":
      return `2025-06-${day}T12:00:00Z`;
    case "date":
      return `2025-06-${day}`;
    case "time":
      return "12:00:00Z";
    case "email":
      return `user${randomInt(rng, 1, 99)}@example.com`;
    case "uri":
    case "url":
      return `https://example.com/${pick(rng, WORDS)}`;
    case "uuid":
      return `00000000-0000-4000-8000-${randomInt(rng, 0, 999999).toString().padStart(12, "0")}`;
    case "ipv4":
      return `192.0.2.${randomInt(rng, 1, 254)}`;
    case "hostname":
      return `${pick(rng, WORDS)}.example.com`;
    default:
      return undefined;
  }
}
