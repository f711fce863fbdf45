import { z } from "zod";

/**
 * The playground's wire contract (isomorphic): the chat request the browser sends to
 * `POST /api/playground/chat`, the Server-Sent Events it gets back, and saved sessions.
 * Every call goes browser → Switchyard → provider, so the browser never sees a key.
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

// ---- What a reply is made of (sent in events, kept in saved sessions) ---------------

/** Where a degradation decision came from: a probe run, or a refusal seen during this call. */
export const degradationSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("probe"), runId: z.string(), verdict: z.string(), at: z.string() }),
  z.object({ kind: z.literal("refusal"), status: z.number(), message: z.string() }),
]);
export type DegradationSource = z.infer<typeof degradationSourceSchema>;

/** A run-time emulation of something the provider lacks (DESIGN.md "Degradation"). */
export const degradationSchema = z.object({
  /** The probe feature it stands in for: json_mode, structured_output, streaming, max_tokens, stream_usage. */
  feature: z.string(),
  /** Short label for the badge, e.g. "JSON by instruction". */
  label: z.string(),
  /** What was done and why, for the tooltip. */
  detail: z.string(),
  source: degradationSourceSchema,
});
export type Degradation = z.infer<typeof degradationSchema>;

/** A provider + model with display names. */
export const targetViewSchema = z.object({ providerId: z.string(), providerName: z.string(), model: z.string() });
export type TargetView = z.infer<typeof targetViewSchema>;

/** One step of the fallback path. */
export const attemptViewSchema = targetViewSchema.extend({
  outcome: z.enum(["answered", "failed", "skipped", "refused"]),
  /** Why it was left (absent for the one that answered). */
  reason: z.string().optional(),
  status: z.number().optional(),
  /** HTTP requests made to this target (retries included). */
  requests: z.number(),
});
export type AttemptView = z.infer<typeof attemptViewSchema>;

/**
 * Timing and usage of one reply. `ttftMs` and `tokensPerSecond` describe the target that
 * answered (from when it was called); time spent on targets that failed first is `lostMs`.
 */
export const replyMetricsSchema = z.object({
  /** From calling the answering target to its first token. */
  ttftMs: z.number().nullable(),
  /** The whole call, fallbacks included. */
  totalMs: z.number(),
  /**
   * Time spent on targets that failed before the answering one was called (0: none failed).
   * Absent in sessions saved before it existed, and in timing measured by the browser.
   */
  lostMs: z.number().optional(),
  /** Completion tokens per second over the answering target's generation; null when unknown. */
  tokensPerSecond: z.number().nullable(),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() }).nullable(),
});
export type ReplyMetrics = z.infer<typeof replyMetricsSchema>;

/** Result of checking a JSON reply (JSON mode or structured output). */
export const replyValidationSchema = z.object({
  kind: z.enum(["json", "schema"]),
  valid: z.boolean(),
  error: z.string().optional(),
});
export type ReplyValidation = z.infer<typeof replyValidationSchema>;

/** The events of `POST /api/playground/chat` (`event: <type>`, `data: <json>`). */
export type ChatEvent =
  | { type: "attempt"; target: TargetView; index: number }
  | { type: "degradation"; degradation: Degradation }
  | { type: "delta"; content: string }
  /** The reply so far is discarded (a repair attempt follows). */
  | { type: "reset"; reason: string }
  | {
      type: "done";
      content: string;
      toolCalls: ToolCall[];
      finishReason: string | null;
      answeredBy: TargetView;
      attempts: AttemptView[];
      degradations: Degradation[];
      metrics: ReplyMetrics;
      validation: ReplyValidation | null;
      logId: string;
    }
  | {
      type: "error";
      message: string;
      /** The provider's HTTP status, when it answered. */
      status?: number;
      /** What failed: a refusal, an outage, a broken stream, or the caller stopping. */
      kind: "refused" | "outage" | "stream" | "aborted" | "invalid";
      /** Content received before the failure (kept visible). */
      content: string;
      attempts: AttemptView[];
      degradations: Degradation[];
      metrics: ReplyMetrics;
      logId: string | null;
    };

// ---- Saved sessions --------------------------------------------------------------

/** One reply as the UI keeps it: the message plus how it came to be. */
export const replyMetaSchema = z.object({
  answeredBy: targetViewSchema.optional(),
  attempts: z.array(attemptViewSchema).max(8).optional(),
  degradations: z.array(degradationSchema).max(16).optional(),
  metrics: replyMetricsSchema.optional(),
  validation: replyValidationSchema.nullable().optional(),
  error: z.object({ message: z.string().max(2000), status: z.number().optional(), kind: z.string() }).optional(),
  finishReason: z.string().nullable().optional(),
  /** The call's request-log row. */
  logId: z.string().max(100).optional(),
});
export type ReplyMeta = z.infer<typeof replyMetaSchema>;

/** A message in a saved session: assistant messages may carry their {@link ReplyMeta}. */
export const sessionMessageSchema = z.union([
  chatMessageSchema.options[0],
  chatMessageSchema.options[1].extend({ meta: replyMetaSchema.optional() }),
  chatMessageSchema.options[2],
]);
export type SessionMessage = z.infer<typeof sessionMessageSchema>;

/** One column of the playground (one in chat mode, 2–4 in compare mode). */
export const sessionColumnSchema = z.object({
  target: z.object({ providerId: z.string().max(100), model: z.string().max(200) }),
  fallbacks: z.array(targetSchema).max(MAX_FALLBACKS).default([]),
  /** Per-column overrides of the shared settings (compare mode). */
  overrides: chatParamsSchema.partial().default({}),
  messages: z.array(sessionMessageSchema).max(400),
});
export type SessionColumn = z.infer<typeof sessionColumnSchema>;

/** What a saved session holds. */
export const sessionDataSchema = z.object({
  settings: chatSettingsSchema,
  columns: z.array(sessionColumnSchema).min(1).max(MAX_COMPARE_COLUMNS),
});
export type SessionData = z.infer<typeof sessionDataSchema>;

const title = z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters");

/** `POST /api/playground/sessions`. */
export const createSessionBodySchema = z.object({ title: title.optional(), data: sessionDataSchema });
export type CreateSessionBody = z.input<typeof createSessionBodySchema>;

/** `PATCH /api/playground/sessions/[id]`: any of title, data, shared. */
export const updateSessionBodySchema = z
  .object({ title: title.optional(), data: sessionDataSchema.optional(), shared: z.boolean().optional() })
  .refine((b) => b.title !== undefined || b.data !== undefined || b.shared !== undefined, {
    message: "must change title, data or shared",
  });
export type UpdateSessionBody = z.input<typeof updateSessionBodySchema>;

/** A session in lists (no data). */
export type SessionSummary = {
  id: string;
  title: string;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
};

/** One session with its data; `owner` is set when it belongs to someone else (read-only). */
export type SessionDetail = SessionSummary & {
  data: SessionData;
  ownerName: string;
  isOwner: boolean;
};

/** Body limit of the session routes (they may hold images). */
export const MAX_SESSION_BODY_BYTES = 16 * 1024 * 1024;

// ---- Targets the picker offers ----------------------------------------------------

/** `GET /api/playground/targets`: enabled providers with their known models. */
export type PlaygroundProvider = {
  id: string;
  name: string;
  kind: string;
  defaultModel: string | null;
  models: { id: string; type: string; vision: boolean | null }[];
};
