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
    throw new ApiError(0, "network", "Could not reach the Switchyard server. Check your connection and try again.");
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: fall through with the status text */
  }
  if (!res.ok) {
    if (isErrorBody(data)) throw new ApiError(res.status, data.error.code, data.error.message, data.error.details);
    const message = (data as { message?: unknown } | null)?.message;
    throw new ApiError(
      res.status,
      String(res.status),
      typeof message === "string" ? message : `Request failed (${res.status} ${res.statusText}).`,
    );
  }
  return data as T;
}
