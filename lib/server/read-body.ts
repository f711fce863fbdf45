import "server-only";
import { AppError } from "@/lib/errors";

/**
 * Reads a request body of at most `maxBytes` as text, counting while streaming so an
 * oversized body is refused (413) without being held in memory.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${formatBytes(maxBytes)}.`);
  return (await readBodyBytes(req, maxBytes, tooLarge)).toString("utf8");
}

/** The body's bytes, at most `maxBytes` (counted while they arrive); `tooLarge()` is thrown beyond. */
export async function readBodyBytes(req: Request, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON request body of at most `maxBytes` (see readBodyText). An empty body reads as {}. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  const isJson = /^application\/json\b/i.test(type);
  if (!isJson && Number(req.headers.get("content-length") ?? "0") > 0) {
    throw new AppError("unsupported_media_type", "Send the request body as application/json.");
  }
  const text = await readBodyText(req, maxBytes);
  if (text.trim() === "") return {};
  if (!isJson) throw new AppError("unsupported_media_type", "Send the request body as application/json.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  const deep = pathDeeperThan(value, MAX_JSON_DEPTH);
  if (deep !== null) {
    const path = deep || "body";
    throw new AppError("validation_failed", `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`, [
      { path, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  return value;
}

/**
 * Deepest nesting of objects and arrays a request body may have. JSON.parse copes with any
 * depth, but validation, the database driver and JSON.stringify recurse and would overflow
 * the stack (a 200,000-deep body was a 500); nothing Switchyard accepts needs more than a
 * few dozen levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The path (`messages.0.content`) of the first value nested deeper than `max` levels, or
 * null. Iterative, so it cannot overflow itself; the path shows its first segments only.
 */
export function pathDeeperThan(value: unknown, max: number): string | null {
  const stack: { value: unknown; depth: number; path: string[] }[] = [{ value, depth: 0, path: [] }];
  while (stack.length) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.depth >= max) {
      const shown = item.path.slice(0, 6).join(".");
      return item.path.length > 6 ? `${shown}.…` : shown;
    }
    for (const [key, child] of Object.entries(item.value)) {
      if (child !== null && typeof child === "object") {
        stack.push({
          value: child,
          depth: item.depth + 1,
          path: item.path.length < 7 ? [...item.path, key] : item.path,
        });
      }
    }
  }
  return null;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${Math.round(n / 1024)} KiB`;
}
