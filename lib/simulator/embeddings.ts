/**
 * Deterministic embeddings: hashed character n-grams projected onto a fixed number of
 * dimensions and normalised to unit length, so texts that share wording are closer.
 */
import { hashString } from "./random";

/** A unit-length vector of `dimensions` floats for `text`. */
export function embedText(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  const normalised = ` ${text.toLowerCase().replace(/\s+/g, " ").trim()} `;
  for (const n of [3, 4]) {
    for (let i = 0; i + n <= normalised.length; i++) {
      const gram = normalised.slice(i, i + n);
      const hash = hashString(gram);
      const sign = hashString(gram, 0x9e3779b9) & 1 ? 1 : -1;
      vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + sign;
    }
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  const out = new Array<number>(dimensions);
  // Float32 rounding here keeps the float and base64 encodings identical.
  for (let i = 0; i < dimensions; i++) out[i] = Math.fround(norm > 0 ? (vector[i] ?? 0) / norm : 0);
  if (norm === 0 && dimensions > 0) out[0] = 1;
  return out;
}

/** Little-endian float32 bytes in base64: OpenAI's `encoding_format: "base64"`. */
export function encodeBase64Floats(vector: readonly number[]): string {
  const floats = new Float32Array(vector);
  const bytes = new Uint8Array(floats.buffer);
  const view = new DataView(floats.buffer);
  // Float32Array uses the platform's byte order; rewrite explicitly as little-endian.
  for (let i = 0; i < floats.length; i++) view.setFloat32(i * 4, floats[i] ?? 0, true);
  return Buffer.from(bytes).toString("base64");
}
