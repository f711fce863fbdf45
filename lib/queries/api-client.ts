import { isErrorBody } from "@/lib/errors";

/** An API failure as the browser sees it: status, code and the server's own message. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field → message, from a 400 validation error, for showing next to form fields. */
  fieldErrors(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    const out: Record<string, string> = {};
    for (const d of this.details as { path?: string; message?: string }[]) {
      if (d.path && d.message && !out[d.path]) out[d.path] = d.message;
    }
    return out;
  }
}

/** A stale edit: someone saved since the form opened. `currentVersion` is absent when the server did not say. */
export type StaleConflict = { currentVersion: number | null };

/** The server marks every stale-version 409 with `details.reason === "stale"` and the version it now holds. */
export function staleConflict(err: unknown): StaleConflict | null {
  if (!(err instanceof ApiError)) return null;
  const details = err.details as { reason?: string; currentVersion?: unknown } | undefined;
  if (err.status !== 409 || details?.reason !== "stale") return null;
  return { currentVersion: typeof details.currentVersion === "number" ? details.currentVersion : null };
}

/**
 * fetch for our JSON API: sends JSON, throws ApiError with the server's message on any
 * non-2xx (better-auth's `{ message }` bodies included), returns the parsed body.
 */
export async function apiFetch<T>(path: string, init: Omit<RequestInit, "body"> & { body?: unknown } = {}): Promise<T> {
  const { body, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: {
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  const text = await res.text();
  if (!res.ok) throw apiErrorFrom(res, text);
  return parseBody(text) as T;
}

/**
 * A query string of the entries that have a value (undefined and "" are left out): how the
 * API's list filters and the dashboard's own links carry a query.
 */
export function searchParams(query: Record<string, string | number | undefined>): URLSearchParams {
  return new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (v === undefined || v === "" ? [] : [[k, String(v)]])),
  );
}

/** The body as JSON, or null when it is empty or not JSON. */
function parseBody(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

/** The browser could not reach the server at all. */
export function networkError(): ApiError {
  return new ApiError(0, "network", "Could not reach the Switchyard server. Check your connection and try again.");
}

/** A non-2xx answer as an ApiError: our `{ error }` body, better-auth's `{ message }`, or the status. */
export function apiErrorFrom(res: Response, text: string): ApiError {
  const data = parseBody(text);
  if (isErrorBody(data)) return new ApiError(res.status, data.error.code, data.error.message, data.error.details);
  const message = (data as { message?: unknown } | null)?.message;
  return new ApiError(
    res.status,
    String(res.status),
    typeof message === "string" ? message : `Request failed (${res.status} ${res.statusText}).`,
  );
}
