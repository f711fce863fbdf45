import "server-only";
import { AppError } from "@/lib/errors";
import type { ProviderFields } from "@/lib/schemas/providers";
import { encryptSecret, secretHint } from "../secrets";
import type { ProviderRow } from "./repository";

/**
 * A provider's stored secrets — its API key and header values, encrypted at rest — and the
 * rules for keeping them across an edit: a blank value keeps the stored one, and none of them
 * follows the provider to another host or proxy unseen.
 */

/** A header as stored: the name in the clear, the value encrypted. */
export type StoredHeader = { name: string; valueCipher: string; hint: string };

/** The headers stored with a row (none when the column holds no list). */
export function storedHeaders(row: ProviderRow): StoredHeader[] {
  return Array.isArray(row.headers) ? (row.headers as StoredHeader[]) : [];
}

/** New header values are encrypted; a header without a value keeps its stored one. */
export function mergeHeaders(input: ProviderFields["headers"], previous: StoredHeader[]): StoredHeader[] {
  return input.map((h, i) => {
    if (h.value !== undefined && h.value !== "") {
      return { name: h.name, valueCipher: encryptSecret(h.value), hint: secretHint(h.value) };
    }
    const kept = previous.find((p) => p.name.toLowerCase() === h.name.toLowerCase());
    if (!kept) {
      throw new AppError("validation_failed", `headers.${i}.value is required for a new header`, [
        { path: `headers.${i}.value`, message: "is required for a new header" },
      ]);
    }
    return { ...kept, name: h.name };
  });
}

/**
 * Moving a provider to another host must not carry its stored secrets along unseen: the
 * UI never shows them, so keeping them would let anyone who can edit the URL send the key
 * to a server of their choosing. The key and header values must be re-entered (or cleared).
 */
export function assertSecretsFollowTheirHost(row: ProviderRow, fields: ProviderFields): void {
  const sameHost = new URL(row.baseUrl).origin === new URL(fields.baseUrl).origin;
  // A new or changed proxy sees the request too (the key and header values travel inside its tunnel).
  const sameProxy = (row.proxyUrl ?? null) === (fields.proxyUrl ?? null);
  if (sameHost && sameProxy) return;
  const change = sameHost ? "the proxy changes" : "the base URL moves to another host";
  const details: { path: string; message: string }[] = [];
  if (row.apiKeyCipher && !fields.apiKey && !fields.clearApiKey) {
    details.push({ path: "apiKey", message: `must be re-entered (or cleared) when ${change}` });
  }
  fields.headers.forEach((h, i) => {
    const wasStored = storedHeaders(row).some((p) => p.name.toLowerCase() === h.name.toLowerCase());
    if (wasStored && !h.value) {
      details.push({ path: `headers.${i}.value`, message: `must be re-entered when ${change}` });
    }
  });
  if (details.length) {
    throw new AppError(
      "validation_failed",
      `${change.charAt(0).toUpperCase()}${change.slice(1)}: re-enter the stored API key and header values (or clear them) so they are not sent there unseen.`,
      details,
    );
  }
}
