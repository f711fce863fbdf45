import "server-only";
import crypto from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requireRole } from "../session";

const digest = (s: string) => crypto.createHash("sha256").update(s).digest();

/**
 * Who may read /metrics: a scraper with `Authorization: Bearer <METRICS_TOKEN>`, or a
 * signed-in admin. No credentials → 401; a wrong token, or a session below admin → 403.
 */
export async function assertMetricsAccess(headers: Headers): Promise<void> {
  const auth = headers.get("authorization");
  if (auth !== null) {
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    const expected = getEnv().metricsToken;
    if (!token) throw new AppError("unauthorized", "Send Authorization: Bearer <METRICS_TOKEN>.");
    if (expected === null) {
      throw new AppError(
        "forbidden",
        "METRICS_TOKEN is not set on this server: only an admin session can read /metrics.",
      );
    }
    // Compared as digests: equal lengths, constant time.
    if (!crypto.timingSafeEqual(digest(token), digest(expected))) {
      throw new AppError("forbidden", "That is not this server's METRICS_TOKEN.");
    }
    return;
  }
  await requireRole(headers, "admin");
}
