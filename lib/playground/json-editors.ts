import Ajv2020 from "ajv/dist/2020";
import { toolDefinitionSchema, type ToolDefinition } from "@/lib/schemas/playground";

/**
 * Checks the structured-output schema and the tool definitions before anything is sent,
 * so a typo is named next to its field instead of coming back as a provider error.
 * Same dialect as the server (draft 2020-12, `$schema` ignored: lib/server/json-schema.ts);
 * the browser only checks that schemas compile, so it carries no format validators.
 */

export const EXAMPLE_SCHEMA = JSON.stringify(
  {
    type: "object",
    properties: {
      answer: { type: "string" },
      confidence: { type: "number", minimum: 0, maximum: 1 },
    },
    required: ["answer", "confidence"],
    additionalProperties: false,
  },
  null,
  2,
);

export const EXAMPLE_TOOLS = JSON.stringify(
  [
    {
      type: "function",
      function: {
        name: "get_weather",
        description: "Get the current weather in a city",
        parameters: {
          type: "object",
          properties: { city: { type: "string", description: "The city, e.g. Paris" } },
          required: ["city"],
        },
      },
    },
  ],
  null,
  2,
);

const ajv = new Ajv2020({ strict: false, validateFormats: false });

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

function parseJson(text: string): Result<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `is not valid JSON (${(err as Error).message})` };
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Why `schema` does not compile as a JSON Schema, or null when it does. */
function compileError(schema: Record<string, unknown>): string | null {
  // The dialect is ours to pick (2020-12); a draft-07 `$schema` would make compile() throw.
  const { $schema: _dialect, ...rest } = schema;
  try {
    ajv.compile(rest);
    return null;
  } catch (err) {
    // The page's CSP allows no eval (no 'unsafe-eval' outside `next dev`), and ajv compiles
    // to code: where it cannot, the schema is left to the server, which checks it anyway.
    if (err instanceof EvalError) return null;
    return (err as Error).message;
  } finally {
    // ajv keeps every schema it compiled and registers its `$id`: without this reset (which
    // keeps the meta-schemas), the cache would grow with each send, and a second send of a
    // schema with an `$id` would fail as "already exists".
    ajv.removeSchema();
  }
}

/** The JSON Schema editor's text as a schema object; errors read after the field name. */
export function parseJsonSchemaText(text: string): Result<Record<string, unknown>> {
  if (!text.trim()) return { ok: false, error: "is required when structured output is on" };
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  if (!isPlainObject(parsed.value)) return { ok: false, error: "must be a JSON object" };
  const error = compileError(parsed.value);
  return error ? { ok: false, error: `does not compile as a schema: ${error}` } : { ok: true, value: parsed.value };
}

/** The tool editor's text as function definitions; errors read after the field name. */
export function parseToolsText(text: string): Result<ToolDefinition[]> {
  if (!text.trim()) return { ok: false, error: "are required when tools are on" };
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value) || parsed.value.length === 0) {
    return { ok: false, error: 'must be a non-empty JSON array of {"type": "function", "function": {…}}' };
  }
  if (parsed.value.length > 32) return { ok: false, error: "may hold at most 32 tools" };
  const tools: ToolDefinition[] = [];
  const names = new Set<string>();
  for (const [i, item] of parsed.value.entries()) {
    const where = `item ${i + 1}`;
    const tool = toolDefinitionSchema.safeParse(item);
    if (!tool.success) {
      const issue = tool.error.issues[0];
      const path = issue?.path.join(".") || "it";
      return { ok: false, error: `${where}: ${path} ${issue?.message ?? "is invalid"}` };
    }
    const { name, parameters } = tool.data.function;
    if (names.has(name)) return { ok: false, error: `${where}: the name ${name} is used twice` };
    names.add(name);
    const error = parameters ? compileError(parameters) : null;
    if (error) return { ok: false, error: `${where}: function.parameters does not compile as a schema: ${error}` };
    tools.push(tool.data);
  }
  return { ok: true, value: tools };
}
