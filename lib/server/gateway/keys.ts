import "server-only";
import crypto from "node:crypto";
import type { Environment } from "@/lib/environments";
import { AppError } from "@/lib/errors";
import type { CreateKeyBody, GatewayKeyView } from "@/lib/schemas/gateway";
import { invalidateGatewayConfig } from "./config";
import * as repo from "./repository";

/**
 * Gateway keys: what applications send as `Authorization: Bearer sy-…`. The secret is made
 * here, shown once in the answer to its creation, and stored only as a SHA-256 hash (a
 * fast hash is right for 192 random bits: there is nothing to guess). Revoking is seen by
 * this process at once and by every other instance within seconds (config.ts).
 */

const PREFIX_CHARS = 11;

/** The hash a secret is stored and looked up by. */
export function hashKey(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}

function strings(v: unknown): string[] | null {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null;
}

export function toKeyView(row: repo.KeyRow): GatewayKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    environment: row.environment as Environment,
    routes: strings(row.routes),
    allowDirect: row.allowDirect,
    rpm: row.rpm,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a key; the answer is the only time its secret is seen. */
export async function createKey(
  body: CreateKeyBody & { environment: Environment },
  createdById: string | null,
): Promise<{ key: GatewayKeyView; secret: string }> {
  const secret = `sy-${crypto.randomBytes(24).toString("base64url")}`;
  const row = await repo.insertKeyRow({
    name: body.name,
    prefix: secret.slice(0, PREFIX_CHARS),
    hash: hashKey(secret),
    environment: body.environment,
    routes: body.routes ?? undefined,
    allowDirect: body.allowDirect,
    rpm: body.rpm ?? null,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    createdById,
  });
  invalidateGatewayConfig();
  return { key: toKeyView(row), secret };
}

/** Every key (revoked ones too), newest first, with its requests in the last 24 h. */
export async function listKeys(): Promise<(GatewayKeyView & { requests24h: number })[]> {
  const [rows, counts] = await Promise.all([
    repo.listKeyRows(),
    repo.countRecentRequestsByKey(new Date(Date.now() - 24 * 3600_000)),
  ]);
  return rows.map((r) => ({ ...toKeyView(r), requests24h: counts.get(r.id) ?? 0 }));
}

/** Revokes a key: refused from now on (409 when it already was). */
export async function revokeKey(id: string): Promise<GatewayKeyView> {
  const row = await repo.findKeyRow(id);
  if (!row) throw new AppError("not_found", "No such gateway key.");
  if (!(await repo.revokeKeyRow(id, new Date()))) {
    throw new AppError("conflict", `The key ${row.prefix}… is already revoked.`);
  }
  invalidateGatewayConfig();
  return toKeyView((await repo.findKeyRow(id))!);
}

/**
 * What members and viewers see of keys: which exist, for which environment, whether they are
 * in use — never a prefix, a limit or anything that helps use or recognise a secret.
 */
export type KeySummary = Pick<
  GatewayKeyView,
  "id" | "name" | "environment" | "createdAt" | "lastUsedAt" | "revokedAt" | "expiresAt"
> & {
  requests24h: number;
};

export async function listKeySummaries(): Promise<KeySummary[]> {
  return (await listKeys()).map((k) => ({
    id: k.id,
    name: k.name,
    environment: k.environment,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
    expiresAt: k.expiresAt,
    requests24h: k.requests24h,
  }));
}
