/** Small helpers that build Fetch API responses in the shapes OpenAI-compatible servers use. */
import type { ErrorStyle, RefusedRule } from "./types";

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

/**
 * A thrown error that already knows its HTTP answer. Its body takes the shape of the
 * profile that answers (`defaultStyle`) unless the error names one itself: refusals and
 * request validation speak as the server, the simulator's own limits as OpenAI.
 */
export class SimulatorHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: ErrorOptions & { bodyStyle?: ErrorStyle } = {},
  ) {
    super(message);
    this.name = "SimulatorHttpError";
  }

  toResponse(defaultStyle: ErrorStyle = "openai"): Response {
    return styledErrorResponse(this.options.bodyStyle ?? defaultStyle, this.status, this.message, this.options);
  }
}

/** llama.cpp's `error_type` → `type` string (`format_error_response`, examples/server/utils.hpp). */
function llamacppType(status: number): string {
  const types: Record<number, string> = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    501: "not_supported_error",
    503: "unavailable_error",
  };
  return types[status] ?? "server_error";
}

/** Ollama's `openai.NewError`: 400 and 404 have their own type, anything else is `api_error`. */
function ollamaType(status: number): string {
  return status === 400 ? "invalid_request_error" : status === 404 ? "not_found_error" : "api_error";
}

/** vLLM's `err_type`: the HTTP status phrase as a class name (`create_error_response`). */
function vllmType(status: number): string {
  const types: Record<number, string> = {
    400: "BadRequestError",
    401: "UnauthorizedError",
    404: "NotFoundError",
    500: "InternalServerError",
    501: "NotImplementedError",
    503: "ServiceUnavailableError",
  };
  return types[status] ?? "BadRequestError";
}

/** An error response in one server's shape (see {@link ErrorStyle}). */
export function styledErrorResponse(
  style: ErrorStyle,
  status: number,
  message: string,
  options: ErrorOptions = {},
): Response {
  const { headers } = options;
  switch (style) {
    case "openai":
      return errorResponse(status, message, options);
    case "string":
      return jsonResponse({ error: message }, status, headers);
    case "llamacpp":
      // nlohmann::ordered_json keeps the insertion order: code, message, type.
      return jsonResponse(
        { error: { code: status, message, type: options.type ?? llamacppType(status) } },
        status,
        headers,
      );
    case "ollama":
      // Go's json.Encoder ends the body with a newline.
      return new Response(
        `${JSON.stringify({ error: { message, type: options.type ?? ollamaType(status), param: null, code: null } })}\n`,
        { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } },
      );
    case "vllm":
      return jsonResponse(
        { error: { message, type: options.type ?? vllmType(status), param: options.param ?? null, code: status } },
        status,
        headers,
      );
    case "localai":
      // `schema.APIError`: `code` is the status, `type` is always the empty string, `param` omitted.
      return jsonResponse({ error: { code: status, message, type: "" } }, status, headers);
    case "koboldcpp":
      // koboldcpp.py: `{"detail": {"msg": …, "type": …}}` (FastAPI-like, /work/research/servers.md §6.3).
      return jsonResponse({ detail: { msg: message, type: options.type ?? "service_unavailable" } }, status, headers);
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

/** Whether `response` is a server-sent event stream (its Content-Type says so). */
export function isEventStream(response: Response): boolean {
  return (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
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

/** Turns a profile's refusal rule into a throwable error, filling in `{model}` and `{requested}`. */
export function refusalError(
  rule: RefusedRule,
  model: string,
  requested = model,
  overrides: Pick<ErrorOptions, "param"> = {},
): SimulatorHttpError {
  const message = rule.message.replaceAll("{model}", model).replaceAll("{requested}", requested);
  return new SimulatorHttpError(rule.status, message, {
    type: rule.type,
    param: overrides.param ?? rule.param ?? null,
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

/** Resolves with `promise`, or rejects as soon as `signal` aborts (the promise itself goes on). */
export function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new AbortedError());
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
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
