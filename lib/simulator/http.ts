/** Small helpers that build Fetch API responses in the shapes OpenAI-compatible servers use. */
import type { RefusedRule } from "./types";

/** The body OpenAI returns for any error: `{ error: { message, type, param, code } }`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Options of {@link errorResponse}. */
export interface ErrorOptions {
  type?: string;
  param?: string | null;
  code?: string | null;
  headers?: Record<string, string>;
}

/** A thrown error that already knows its HTTP answer. */
export class SimulatorHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: ErrorOptions & { bodyStyle?: "openai" | "string" } = {},
  ) {
    super(message);
    this.name = "SimulatorHttpError";
  }

  toResponse(): Response {
    if (this.options.bodyStyle === "string") {
      return jsonResponse({ error: this.message }, this.status, this.options.headers);
    }
    return errorResponse(this.status, this.message, this.options);
  }
}

/** Default OpenAI error `type` for a status. */
export function errorTypeFor(status: number): string {
  if (status === 401) return "invalid_request_error";
  if (status === 404) return "invalid_request_error";
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** A JSON response with the given status. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** An OpenAI-shaped error response. */
export function errorResponse(status: number, message: string, options: ErrorOptions = {}): Response {
  const body: OpenAIErrorBody = {
    error: {
      message,
      type: options.type ?? errorTypeFor(status),
      param: options.param ?? null,
      code: options.code ?? null,
    },
  };
  return jsonResponse(body, status, options.headers);
}

/** Turns a profile's refusal rule into a throwable error, filling in `{model}`. */
export function refusalError(rule: RefusedRule, model: string): SimulatorHttpError {
  return new SimulatorHttpError(rule.status, rule.message.replaceAll("{model}", model), {
    type: rule.type,
    param: rule.param ?? null,
    code: rule.code ?? null,
    bodyStyle: rule.bodyStyle,
  });
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortedError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Raised when the client went away while the simulator was waiting or generating. */
export class AbortedError extends Error {
  constructor() {
    super("client aborted the request");
    this.name = "AbortedError";
  }
}

/** Waits until `signal` aborts (forever if it never does): the `+hang` fault. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** `decodeURIComponent` that leaves malformed escapes as they are instead of throwing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
