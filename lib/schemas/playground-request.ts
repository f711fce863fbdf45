import { z } from "zod";

/**
 * The playground's chat request (isomorphic): what the browser sends to
 * `POST /api/playground/chat` — the target and its fallbacks, the conversation, and the
 * settings that shape the call. Re-exported by playground.ts, which most code imports.
 */

/** Largest image the playground forwards (as a data URL), in characters. */
export const MAX_IMAGE_DATA_URL_CHARS = 4 * 1024 * 1024;
/** Body limit of the chat route: a few images plus the conversation. */
export const MAX_CHAT_BODY_BYTES = 12 * 1024 * 1024;
/** At most this many fallback targets after the first. */
export const MAX_FALLBACKS = 3;
/** Compare: 2–4 columns. */
export const MAX_COMPARE_COLUMNS = 4;

const id = z.string().trim().min(1, "is required").max(100);
const modelName = z.string().trim().min(1, "is required").max(200);

/** One provider + model to send to. */
export const targetSchema = z.object({ providerId: id, model: modelName });
export type Target = z.infer<typeof targetSchema>;

const imageDataUrl = z
  .string()
  .max(MAX_IMAGE_DATA_URL_CHARS, `must be at most ${MAX_IMAGE_DATA_URL_CHARS / 1024 / 1024} MB as a data URL`)
  .regex(
    /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/,
    "must be a base64 data URL of a PNG, JPEG, GIF or WebP image",
  );

/** A function tool call as the model made it (arguments are the model's JSON text). */
export const toolCallSchema = z.object({
  id: z.string().max(200),
  name: z.string().min(1).max(200),
  arguments: z.string().max(100_000),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

/** One message of the conversation (the system prompt is separate, in settings). */
export const chatMessageSchema = z.discriminatedUnion("role", [
  z.object({
    role: z.literal("user"),
    content: z.string().max(200_000),
    /** Attached images, sent as `image_url` content parts. */
    images: z.array(imageDataUrl).max(4, "may hold at most 4 images").optional(),
  }),
  z.object({
    role: z.literal("assistant"),
    content: z.string().max(200_000),
    toolCalls: z.array(toolCallSchema).max(32).optional(),
  }),
  z.object({
    role: z.literal("tool"),
    toolCallId: z.string().max(200),
    content: z.string().max(200_000),
  }),
]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** A function definition as in OpenAI's `tools` (only `type: "function"`). */
export const toolDefinitionSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, _ or -"),
    description: z.string().max(2000).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

/** `text` (default), JSON mode, or structured output against a JSON Schema. */
export const responseFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, _ or -")
      .default("response"),
    schema: z.record(z.string(), z.unknown()),
  }),
]);
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/** Sampling parameters; absent means "the provider's default". */
export const chatParamsSchema = z.object({
  temperature: z.number().min(0, "must be between 0 and 2").max(2, "must be between 0 and 2").optional(),
  topP: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").optional(),
  // Range first, so 1e20 is told its range rather than "not a whole number".
  maxTokens: z
    .number("must be a number")
    .min(1, "must be between 1 and 1000000")
    .max(1_000_000, "must be between 1 and 1000000")
    .int("must be a whole number")
    .optional(),
  seed: z
    .number("must be a number")
    .min(Number.MIN_SAFE_INTEGER, `must be between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`)
    .max(Number.MAX_SAFE_INTEGER, `must be between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`)
    .int("must be a whole number")
    .optional(),
  stop: z.array(z.string().min(1).max(100)).max(4, "may hold at most 4 stop sequences").optional(),
});
export type ChatParams = z.infer<typeof chatParamsSchema>;

/** Everything that shapes a request besides the conversation itself. */
export const chatSettingsSchema = z.object({
  system: z.string().max(50_000).optional(),
  params: chatParamsSchema.default({}),
  responseFormat: responseFormatSchema.default({ type: "text" }),
  tools: z.array(toolDefinitionSchema).max(32, "may hold at most 32 tools").optional(),
  /** Stream the reply (default). Degradation may still answer in one chunk. */
  stream: z.boolean().default(true),
});
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

/** `POST /api/playground/chat`. */
export const chatRequestSchema = chatSettingsSchema.extend({
  target: targetSchema,
  /** Tried in order when the target (or the previous fallback) fails before the first token. */
  fallbacks: z.array(targetSchema).max(MAX_FALLBACKS, `may hold at most ${MAX_FALLBACKS} targets`).default([]),
  messages: z.array(chatMessageSchema).min(1, "must hold at least one message").max(200),
  /** The saved session this call belongs to (recorded in the request log). */
  sessionId: id.optional(),
});
export type ChatRequest = z.input<typeof chatRequestSchema>;
export type ParsedChatRequest = z.output<typeof chatRequestSchema>;
