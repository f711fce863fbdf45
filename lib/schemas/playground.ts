import { z } from "zod";
import {
  MAX_COMPARE_COLUMNS,
  MAX_FALLBACKS,
  chatMessageSchema,
  chatParamsSchema,
  chatSettingsSchema,
  targetSchema,
} from "./playground-request";
import {
  attemptViewSchema,
  degradationSchema,
  replyMetricsSchema,
  replyValidationSchema,
  targetViewSchema,
} from "./playground-reply";

/**
 * The playground's wire contract (isomorphic): the chat request the browser sends to
 * `POST /api/playground/chat` (playground-request.ts), the Server-Sent Events it gets back
 * (playground-reply.ts), and saved sessions (here). Every call goes browser → Switchyard →
 * provider, so the browser never sees a key.
 */

export * from "./playground-request";
export * from "./playground-reply";

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
