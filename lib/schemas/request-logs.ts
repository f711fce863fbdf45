import { z } from "zod";
import type { AttemptView, Degradation } from "./playground";

/**
 * The request log as the API and the UI see it (isomorphic): one row per call made through
 * Switchyard — from the playground or through the gateway.
 */

/** `GET /api/request-logs?limit=&sessionId=`. */
export const listRequestLogsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  sessionId: z.string().min(1).max(100).optional(),
});

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
};
