import "server-only";
import type { EvidenceView } from "@/lib/schemas/probes";
import { scrubSecrets } from "../upstream/errors";

/**
 * Evidence redaction and bounds. Request bodies carry no credentials (keys and header
 * values live in headers, which are never recorded), but every stored string is scrubbed
 * of the provider's secrets anyway, in case a server echoes them back in a body.
 */

/** Longest response excerpt kept per exchange. */
export const EXCERPT_CHARS = 1500;
const LONG_STRING = 400;
const MAX_EVIDENCE_CHARS = 24_000;

/** `s` cut to `max` characters with an ellipsis and the original length. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} chars)`;
}

/** A request body fit for evidence: data URLs (images) shortened, long strings cut. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    if (value.startsWith("data:")) {
      const comma = value.indexOf(",");
      return `${value.slice(0, Math.min(comma + 12, 60))}… (${value.length} chars)`;
    }
    return truncate(value, LONG_STRING);
  }
  if (depth > 12 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactBody(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactBody(v, depth + 1)]));
}

/** A response (parsed JSON or text) as a bounded excerpt. */
export function responseExcerpt(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(redactBody(body));
  return truncate(text ?? "", EXCERPT_CHARS);
}

/**
 * The evidence as stored: every string scrubbed of `secrets`, and the whole bounded (the
 * longest exchanges' excerpts are dropped first when it would exceed the limit).
 */
export function finaliseEvidence(evidence: EvidenceView, secrets: readonly string[]): EvidenceView {
  let json = scrubSecrets(JSON.stringify(evidence), secrets);
  if (json.length > MAX_EVIDENCE_CHARS) {
    const slim: EvidenceView = {
      ...evidence,
      exchanges: evidence.exchanges.map((e) =>
        e.response ? { ...e, response: { ...e.response, excerpt: truncate(e.response.excerpt, 300) } } : e,
      ),
    };
    json = scrubSecrets(JSON.stringify(slim), secrets);
    if (json.length > MAX_EVIDENCE_CHARS) {
      json = JSON.stringify({
        ...(evidence.model ? { model: evidence.model } : {}),
        exchanges: [],
        details: { note: `evidence of ${json.length} chars was too large to keep` },
      });
    }
  }
  return JSON.parse(json) as EvidenceView;
}
