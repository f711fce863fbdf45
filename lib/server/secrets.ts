import "server-only";
import crypto from "node:crypto";
import { deriveKey } from "./crypto";

/**
 * Secrets at rest (provider API keys, secret header values): AES-256-GCM under a key
 * derived from SWITCHYARD_SECRET. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url), so
 * a future format or key change can be recognised.
 */
const VERSION = "v1";

export function encryptSecret(plain: string, key: Buffer = deriveKey("secrets")): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export class SecretDecryptError extends Error {
  override name = "SecretDecryptError";
}

export function decryptSecret(stored: string, key: Buffer = deriveKey("secrets")): string {
  const [version, iv, tag, data] = stored.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) {
    throw new SecretDecryptError("A stored secret has an unknown format.");
  }
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // Wrong SWITCHYARD_SECRET (changed without `npm run secrets:rotate`) or tampered data.
    throw new SecretDecryptError(
      "A stored secret cannot be decrypted: SWITCHYARD_SECRET differs from the one it was saved with.",
    );
  }
}

/**
 * The masked form shown instead of a secret: `sk-…Ab3f` for long keys (a prefix that
 * names the kind of key, and the last four characters); short values show only their length.
 */
export function secretHint(plain: string): string {
  if (plain.length >= 16) {
    const prefix = /^[A-Za-z]{2,5}[-_]/.exec(plain)?.[0] ?? "";
    return `${prefix}…${plain.slice(-4)}`;
  }
  return `${plain.length} characters`;
}
