import "server-only";
import { AppError } from "@/lib/errors";

/**
 * Reads a request body of at most `maxBytes` as text, counting while streaming so an
 * oversized body is refused (413) without being held in memory.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${formatBytes(maxBytes)}.`);
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
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
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${Math.round(n / 1024)} KiB`;
}
