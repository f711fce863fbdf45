import { z } from "zod";
import { attemptViewSchema, degradationSchema } from "./playground";

/**
 * The request log as the API and the UI see it (isomorphic): one row per call made through
 * Switchyard — from the playground or through the gateway.
 */

/** What a failed call counts as (`ok`: answered; `error`: any failure). */
export const STATUS_CLASSES = ["ok", "error", "refusal", "outage", "client_error"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

const filterId = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const moment = z.iso.datetime({ offset: true, error: "must be an ISO date and time such as 2027-01-31T00:00:00Z" });

/** `GET /api/request-logs?limit=&sessionId=&source=&keyId=&route=&providerId=&statusClass=&since=&until=`. */
export const listRequestLogsQuerySchema = z.object({
  limit: z.coerce.number("must be a number").int("must be a whole number").min(1).max(200).default(50),
  sessionId: z.string().min(1).max(100).optional(),
  source: z.enum(["playground", "gateway"], { error: "must be playground or gateway" }).optional(),
  keyId: filterId.optional(),
  route: filterId.optional(),
  /** The provider that answered. */
  providerId: filterId.optional(),
  model: filterId.optional(),
  statusClass: z.enum(STATUS_CLASSES, { error: `must be one of ${STATUS_CLASSES.join(", ")}` }).optional(),
  since: moment.optional(),
  until: moment.optional(),
});
export type RequestLogQuery = z.infer<typeof listRequestLogsQuerySchema>;

/** How a call went: what every request-log row records, whoever made the call. */
export const callRecordSchema = z.object({
  source: z.enum(["playground", "gateway"]),
  sessionId: z.string().nullable(),
  /** The gateway's route (null for the playground and direct targets). */
  route: z.string().nullable(),
  model: z.string(),
  status: z.enum(["ok", "error", "aborted"]),
  httpStatus: z.number().nullable(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  degradations: z.array(degradationSchema),
  error: z.string().nullable(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;

/** One recorded call, as the API and the UI see it. */
export const requestLogViewSchema = callRecordSchema.extend({
  id: z.string(),
  createdAt: z.string(),
  userName: z.string().nullable(),
  /** chat | completions | embeddings | responses (null: the playground, chat). */
  endpoint: z.string().nullable(),
  /** The gateway key that made the call. */
  keyId: z.string().nullable(),
  /** The first target tried and the one that answered (null when none did). */
  providerTried: z.string().nullable(),
  providerUsed: z.string().nullable(),
  /** refusal | outage | client_error (gateway rows that failed). */
  errorClass: z.string().nullable(),
  /** Every target tried, in order, and why each was left. */
  fallbackPath: z.array(attemptViewSchema),
});
export type RequestLogView = z.infer<typeof requestLogViewSchema>;
