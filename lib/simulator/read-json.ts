/**
 * Reading a request's JSON body the way OpenAI's API does: a body over the limit is a 413
 * (checked against Content-Length first, then counted as it arrives), one that does not
 * parse is OpenAI's 400.
 */
import { SimulatorHttpError } from "./http";

const JSON_PARSE_ERROR =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/** The parsed body of `request`, at most `limit` bytes of it. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  const tooLarge = (size: number): SimulatorHttpError =>
    new SimulatorHttpError(413, `Request body too large: ${size} bytes exceeds the limit of ${limit} bytes.`, {
      code: "request_too_large",
      bodyStyle: "openai",
    });
  if (declared > limit) throw tooLarge(declared);
  // Counted while it arrives: a chunked body without Content-Length is not held past the limit.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = reader ? await reader.read() : { done: true as const, value: undefined };
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      await reader?.cancel().catch(() => undefined);
      throw tooLarge(size);
    }
    chunks.push(next.value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new SimulatorHttpError(400, JSON_PARSE_ERROR);
  }
}
