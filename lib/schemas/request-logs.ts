import { z } from "zod";
import type { AttemptView, Degradation } from "./playground";

/**
 * The request log as the API and the UI see it (isomorphic): one row per call made through
 * Switchyard — the playground now, the gateway later.
 */

/** `GET /api/request-logs?limit=&sessionId=`. */
export const listRequestLogsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  sessionId: z.string().min(1).max(100).optional(),
});

/** One recorded call (playground now, the gateway later). */
export type RequestLogView = {
  id: string;
  createdAt: string;
  source: "playground" | "gateway";
  userName: string | null;
  sessionId: string | null;
  model: string;
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
