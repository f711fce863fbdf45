import { z } from "zod";
import type { AttemptView, Degradation } from "./playground";

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

/** One recorded call. */
export type RequestLogView = {
  id: string;
  createdAt: string;
  source: "playground" | "gateway";
  userName: string | null;
  sessionId: string | null;
  model: string;
  /** The gateway's route (null for the playground and direct targets). */
  route: string | null;
  /** chat | completions | embeddings | responses (null: the playground, chat). */
  endpoint: string | null;
  /** The gateway key that made the call. */
  keyId: string | null;
  /** The first target tried and the one that answered (null when none did). */
  providerTried: string | null;
  providerUsed: string | null;
  status: "ok" | "error" | "aborted";
  httpStatus: number | null;
  latencyMs: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  degradations: Degradation[];
  fallbackPath: AttemptView[];
  error: string | null;
  /** refusal | outage | client_error (gateway rows that failed). */
  errorClass: string | null;
};
