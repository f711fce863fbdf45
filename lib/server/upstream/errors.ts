import "server-only";
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { AppError } from "@/lib/errors";

/**
 * Upstream failures in verdict-friendly terms. Probes, the connection test and the gateway
 * all need the same distinction: a provider that *answered* (kind `http`, with its own
 * status and message) versus one that could not be reached (timeout, refused, DNS, TLS…).
 * Messages are one line, never a stack trace, and never contain the provider's API key or
 * header values (see {@link scrubSecrets}).
 */
export type UpstreamErrorKind =
  "http" | "redirect" | "timeout" | "refused" | "dns" | "tls" | "invalid_response" | "aborted" | "network";

/** A classified upstream failure, safe to show, log and store. */
export type UpstreamFailure = { kind: UpstreamErrorKind; status?: number; message: string };

/** Thrown by this module's own helpers; carries an already-classified failure. */
export class UpstreamError extends Error {
  override name = "UpstreamError";
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Whether a status is a redirect (provider calls never follow one: see {@link redirectError}). */
export function isRedirectStatus(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/**
 * A provider answering with a redirect. Provider calls never follow redirects: the next hop
 * would get the request's key and header values, and would escape the outbound URL policy
 * (checked on the base URL, not on where a server sends us). The base URL must be the final address.
 */
export function redirectError(status: number, location: string | null): UpstreamError {
  const where = location ? `to ${location.slice(0, 200)}` : "elsewhere (no Location header)";
  return new UpstreamError(
    "redirect",
    `the server redirected ${where} (HTTP ${status}); redirects are not followed — set the base URL to the final address`,
    status,
  );
}

/**
 * Refuses a redirect answer: cancels its body and throws its {@link redirectError}. Resolves
 * for any other answer.
 */
export async function refuseRedirect(res: Response): Promise<void> {
  if (!isRedirectStatus(res.status)) return;
  await res.body?.cancel();
  throw redirectError(res.status, res.headers.get("location"));
}

/** Thrown by the connect-time hook when a request would dial a link-local / metadata address. */
export class OutboundPolicyError extends Error {
  override name = "OutboundPolicyError";
  readonly code = "ERR_OUTBOUND_POLICY";
  constructor(readonly address: string) {
    super(
      `refused to connect to ${address}: link-local and cloud-metadata addresses are blocked unless ALLOW_METADATA_HOSTS=1`,
    );
  }
}

const MAX_MESSAGE = 400;
const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|ERR_OSSL_)/;

/** The values that must never appear in output: the API key and every extra header value. */
export function providerSecrets(p: { apiKey: string | null; headers: Record<string, string> }): string[] {
  return [p.apiKey ?? "", ...Object.values(p.headers)].filter((s) => s.length >= 4);
}

/** Replaces every secret (longest first, so a key containing another is fully masked) with `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join("***");
  return out;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

/** True when a body is an HTML page (a web UI, a reverse proxy's error page…). */
export function looksLikeHtml(text: string, contentType = ""): boolean {
  return contentType.includes("text/html") || /^\s*(<!doctype html|<html|<head|<body)/i.test(text);
}

/** The page title or its visible text, for a one-line description of an HTML page. */
function htmlSummary(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  if (title) return title;
  return text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, " ").replace(/<[^>]+>/g, " ");
}

/**
 * The provider's own message from an error body: OpenAI's `{error:{message}}`, Ollama's and
 * LM Studio's `{error:"…"}`, FastAPI's (vLLM) `{detail:…}`, `{message}`; else the text itself.
 */
export function messageFromErrorBody(body: unknown): string | undefined {
  if (typeof body === "string") {
    if (body.trim() === "") return undefined;
    return looksLikeHtml(body) ? htmlSummary(body) : body;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  if (typeof record.detail === "string") return record.detail;
  // KoboldCpp: {"detail":{"msg":"Server is busy; please try again later.","type":"service_unavailable"}}
  const detail = record.detail as { msg?: unknown; message?: unknown } | undefined;
  if (typeof detail?.msg === "string") return detail.msg;
  if (typeof detail?.message === "string") return detail.message;
  if (record.detail !== undefined) return JSON.stringify(record.detail);
  if (typeof record.message === "string") return record.message;
  return undefined;
}

/** Parses a response body for {@link messageFromErrorBody}: JSON when it is JSON, the text otherwise. */
export function messageFromErrorText(text: string): string | undefined {
  try {
    return messageFromErrorBody(JSON.parse(text));
  } catch {
    return messageFromErrorBody(text);
  }
}

/** What a failed answer's body says: the server's own message, or that it gave none. */
export function statedMessage(text: string, status: number): string {
  return messageFromErrorText(text) ?? `HTTP ${status} with no error message`;
}

/**
 * An `{"error": …}` event inside a 2xx stream: the server failing or refusing after the
 * headers were sent. `error` is the event's `error` member; the status is its numeric `code`
 * or `status` (vLLM, llama.cpp), else 500.
 */
export function streamEventError(error: unknown): UpstreamError {
  const fields = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; status?: unknown };
  const status = [fields.code, fields.status].find((v): v is number => typeof v === "number") ?? 500;
  return new UpstreamError("http", messageFromErrorBody({ error }) ?? "the stream carried an error event", status);
}

/** Every error in a cause chain (and an AggregateError's members, e.g. happy-eyeballs connects). */
function causes(err: unknown): { code?: string; message: string; name: string }[] {
  const out: { code?: string; message: string; name: string }[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 12) {
    const e = queue.shift();
    if (typeof e !== "object" || e === null) continue;
    const { code, message, name, cause, errors } = e as Record<string, unknown>;
    out.push({ code: typeof code === "string" ? code : undefined, message: String(message ?? ""), name: String(name) });
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return out;
}

function classifyTransport(err: unknown): UpstreamFailure {
  const chain = causes(err);
  const has = (test: (c: { code?: string; message: string; name: string }) => boolean) => chain.find(test);
  const policy = has((c) => c.code === "ERR_OUTBOUND_POLICY");
  if (policy) return { kind: "network", message: policy.message };
  const dns = has((c) => c.code === "ENOTFOUND" || c.code === "EAI_AGAIN" || c.code === "EAI_NONAME");
  if (dns) return { kind: "dns", message: `the host name could not be resolved (${dns.code})` };
  if (has((c) => c.code === "ECONNREFUSED")) return { kind: "refused", message: "the connection was refused" };
  const tls = has(
    (c) => (c.code !== undefined && TLS_CODES.test(c.code)) || /secure TLS connection|SSL routines/i.test(c.message),
  );
  if (tls) return { kind: "tls", message: `the TLS handshake failed (${tls.code ?? "TLS error"})` };
  if (has((c) => c.code === "UND_ERR_CONNECT_TIMEOUT" || c.code === "ETIMEDOUT" || c.name === "TimeoutError")) {
    return { kind: "timeout", message: "the request timed out" };
  }
  if (has((c) => c.code === "UND_ERR_ABORTED" || c.name === "AbortError")) {
    return { kind: "aborted", message: "the request was aborted" };
  }
  const coded = has((c) => c.code !== undefined);
  if (coded) return { kind: "network", message: `the connection failed (${coded.code})` };
  // e.g. undici's "bad port" (fetch refuses ports such as 1, 6000 or 6665–6669).
  const last = chain.at(-1);
  return { kind: "network", message: `the connection failed${last?.message ? ` (${last.message})` : ""}` };
}

/**
 * Classifies any failure from the SDK, undici or this module into an {@link UpstreamFailure},
 * with `secrets` (see {@link providerSecrets}) scrubbed from the message.
 */
export function classifyUpstreamError(err: unknown, secrets: readonly string[] = []): UpstreamFailure {
  let failure: UpstreamFailure;
  if (err instanceof UpstreamError) {
    failure = { kind: err.kind, message: err.message, ...(err.status === undefined ? {} : { status: err.status }) };
  } else if (err instanceof APIConnectionTimeoutError) {
    failure = { kind: "timeout", message: "the request timed out" };
  } else if (err instanceof APIUserAbortError) {
    failure = { kind: "aborted", message: "the request was aborted" };
  } else if (err instanceof APIError && typeof err.status === "number" && isRedirectStatus(err.status)) {
    const { kind, message, status } = redirectError(err.status, err.headers?.get("location") ?? null);
    failure = { kind, message, ...(status === undefined ? {} : { status }) };
  } else if (err instanceof APIError && typeof err.status === "number") {
    // `err.error` is the body's `error` member (object or Ollama-style string); a non-JSON
    // body only survives in the message, after the SDK's "<status> " prefix.
    const own =
      messageFromErrorBody(err.error) ??
      messageFromErrorBody(
        err.message.replace(new RegExp(`^${err.status} `), "").replace(/^status code \(no body\)$/, ""),
      );
    failure = { kind: "http", status: err.status, message: own ?? `HTTP ${err.status} with no error message` };
  } else if (err instanceof SyntaxError) {
    failure = { kind: "invalid_response", message: "the response is not valid JSON" };
  } else {
    failure = classifyTransport(err);
  }
  return { ...failure, message: oneLine(scrubSecrets(failure.message, secrets)) };
}

/** An upstream failure as the app's `provider_error` (502), keeping the provider's status and message. */
export function toProviderAppError(failure: UpstreamFailure, context: string): AppError {
  const status = failure.status === undefined ? "" : ` (HTTP ${failure.status})`;
  return new AppError("provider_error", `${context}: ${failure.message}${status}.`, {
    kind: failure.kind,
    ...(failure.status === undefined ? {} : { upstreamStatus: failure.status }),
  });
}
