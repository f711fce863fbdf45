import "server-only";
import crypto from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * A 32-byte key for one purpose, derived from SWITCHYARD_SECRET with HKDF so that the
 * session-signing key and the encryption key for provider secrets are never the same.
 */
export function deriveKey(purpose: "auth" | "secrets", secret: Buffer = getEnv().secret): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), `switchyard:${purpose}`, 32));
}
