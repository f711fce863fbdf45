import "server-only";
import { AppError } from "@/lib/errors";

/**
 * Reads a JSON request body of at most `maxBytes`, counting while streaming so an
 * oversized body is refused (413) without being held in memory. An empty body reads as {}.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${formatBytes(maxBytes)}.`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  const type = req.headers.get("content-type") ?? "";
  if (!req.body) return {};
  if (!/^application\/json\b/i.test(type) && declared !== 0) {
    throw new AppError("unsupported_media_type", "Send the request body as application/json.");
  }
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
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the request body as application/json.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${Math.round(n / 1024)} KiB`;
}
