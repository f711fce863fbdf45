/**
 * Request bodies of the OpenAI endpoints, validated with zod and turned into OpenAI's own
 * 400 messages (`Missing required parameter: 'messages'.`, `Invalid type for …`).
 */
import { isRecord } from "../json";
import { z } from "zod";
import { SimulatorHttpError } from "./http";

const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const contentPartSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  image_url: z.looseObject({ url: z.string(), detail: z.string().optional() }).optional(),
});

const messageSchema = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: nullish(z.union([z.string(), z.array(contentPartSchema)])),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z.array(z.unknown()).optional(),
});

const toolSchema = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: nullish(z.boolean()),
  }),
});

const namedToolChoiceSchema = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({ name: z.string() }),
});

const responseFormatSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: nullish(z.boolean()),
    }),
  }),
]);

const stopSchema = nullish(z.union([z.string(), z.array(z.string()).max(4)]));
const streamOptionsSchema = nullish(z.looseObject({ include_usage: z.boolean().optional() }));

/** `POST /v1/chat/completions` body. Unknown fields pass through, as on every real server. */
export const chatBodySchema = z.looseObject({
  model: z.string(),
  messages: z.array(messageSchema).min(1),
  stream: nullish(z.boolean()),
  stream_options: streamOptionsSchema,
  n: nullish(z.int().min(1).max(128)),
  max_tokens: nullish(z.int().min(1)),
  max_completion_tokens: nullish(z.int().min(1)),
  stop: stopSchema,
  seed: nullish(z.int()),
  temperature: nullish(z.number().min(0).max(2)),
  top_p: nullish(z.number().min(0).max(1)),
  logprobs: nullish(z.boolean()),
  top_logprobs: nullish(z.int().min(0).max(20)),
  response_format: responseFormatSchema.optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: z.union([z.enum(["none", "auto", "required"]), namedToolChoiceSchema]).optional(),
  parallel_tool_calls: z.boolean().optional(),
  logit_bias: nullish(z.record(z.string(), z.number())),
  user: z.string().optional(),
});

/** A validated chat request. */
export type ChatBody = z.infer<typeof chatBodySchema>;
/** One validated chat message. */
export type ChatMessage = z.infer<typeof messageSchema>;
/** One validated function tool. */
export type ChatTool = z.infer<typeof toolSchema>;

const promptSchema = z.union([z.string(), z.array(z.string()), z.array(z.int()), z.array(z.array(z.int()))]);

/** `POST /v1/completions` body (legacy). */
export const completionBodySchema = z.looseObject({
  model: z.string(),
  prompt: promptSchema,
  stream: nullish(z.boolean()),
  stream_options: streamOptionsSchema,
  n: nullish(z.int().min(1).max(128)),
  max_tokens: nullish(z.int().min(0)),
  stop: stopSchema,
  seed: nullish(z.int()),
  temperature: nullish(z.number().min(0).max(2)),
  echo: nullish(z.boolean()),
  logprobs: nullish(z.int().min(0).max(5)),
  suffix: nullish(z.string()),
});

/** A validated legacy completion request. */
export type CompletionBody = z.infer<typeof completionBodySchema>;

/** `POST /v1/embeddings` body. */
export const embeddingBodySchema = z.looseObject({
  model: z.string(),
  input: promptSchema,
  encoding_format: z.enum(["float", "base64"]).optional(),
  dimensions: z.int().min(1).optional(),
  user: z.string().optional(),
});

/** A validated embeddings request. */
export type EmbeddingBody = z.infer<typeof embeddingBodySchema>;

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function describeExpected(expected: string): string {
  const names: Record<string, string> = {
    array: "an array",
    object: "an object",
    int: "an integer",
    number: "a number",
  };
  return names[expected] ?? `a ${expected}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current = body;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A plain JSON object (not an array, not null). */
export const isJsonObject = isRecord;

/** Parses `body` with `schema` or throws the 400 OpenAI would answer. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (!isJsonObject(body)) {
    throw new SimulatorHttpError(400, "Invalid request body: expected a JSON object.", { code: "invalid_type" });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new SimulatorHttpError(400, "Invalid request body.");
  const param = formatPath(issue.path);
  const value = valueAt(body, issue.path);
  if (issue.code === "invalid_type" && value === undefined) {
    if (param === "model") throw new SimulatorHttpError(400, "you must provide a model parameter");
    throw new SimulatorHttpError(400, `Missing required parameter: '${param}'.`, {
      param,
      code: "missing_required_parameter",
    });
  }
  if (issue.code === "invalid_type") {
    const expected = describeExpected(issue.expected);
    const message = `Invalid type for '${param}': expected ${expected}, but got ${describeValue(value)} instead.`;
    throw new SimulatorHttpError(400, message, { param, code: "invalid_type" });
  }
  if (issue.code === "too_small" && Array.isArray(value) && value.length === 0) {
    const message = `Invalid '${param}': empty array. Expected an array with minimum length ${String(issue.minimum)}, but got an empty array instead.`;
    throw new SimulatorHttpError(400, message, { param, code: "empty_array" });
  }
  if ((issue.code === "too_small" || issue.code === "too_big") && typeof value === "number") {
    const below = issue.code === "too_small";
    const bound = below ? issue.minimum : issue.maximum;
    const message = `Invalid '${param}': ${below ? "integer below minimum" : "integer above maximum"} value. Expected a value ${below ? ">=" : "<="} ${String(bound)}, but got ${value} instead.`;
    throw new SimulatorHttpError(400, message, {
      param,
      code: below ? "integer_below_min_value" : "integer_above_max_value",
    });
  }
  if (issue.code === "invalid_value") {
    const supported = issue.values.map((v) => `'${String(v)}'`).join(", ");
    throw new SimulatorHttpError(400, `Invalid value: '${String(value)}'. Supported values are: ${supported}.`, {
      param,
      code: "invalid_value",
    });
  }
  throw new SimulatorHttpError(400, `Invalid value for '${param}': ${issue.message}.`, {
    param,
    code: "invalid_value",
  });
}

/** The plain text of a message's content (text parts joined). */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  if (!Array.isArray(message.content)) return "";
  return message.content.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("\n");
}

/** Image URLs found in a message's content parts. */
export function messageImages(message: ChatMessage): string[] {
  if (!Array.isArray(message.content)) return [];
  return message.content.flatMap((part) => (part.type === "image_url" && part.image_url ? [part.image_url.url] : []));
}
