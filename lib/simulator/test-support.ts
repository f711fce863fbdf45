/**
 * Helpers for the simulator's own tests (and the app's integration tests): a JSON Schema
 * validator loaded with OpenAI's response schemas, test images and an SDK client factory.
 * Imports only dev dependencies used by tests; nothing here runs in production.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import jpeg from "jpeg-js";
import OpenAI from "openai";
import { PNG } from "pngjs";

/** Where shared/openai-openapi lives relative to this file (repo/../shared). */
export const OPENAI_SCHEMAS_PATH = path.resolve(
  import.meta.dirname,
  "../../../shared/openai-openapi/chat-schemas.json",
);

/** A fresh ajv (draft 2020-12) with `unixtime`, `float` and ajv-formats registered. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("unixtime", { type: "number", validate: (value: number) => Number.isInteger(value) && value >= 0 });
  ajv.addFormat("float", { type: "number", validate: () => true });
  return ajv;
}

/** Validates `value` against `schema`; returns ajv's error text, or undefined when valid. */
export function schemaErrors(schema: object, value: unknown): string | undefined {
  const ajv = createAjv();
  const validate = ajv.compile(schema);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

/** Validator for one of OpenAI's response schemas (`CreateChatCompletionResponse`, …). */
export function openaiValidator(definition: string): (value: unknown) => string | undefined {
  const ajv = createAjv();
  const schemas = JSON.parse(fs.readFileSync(OPENAI_SCHEMAS_PATH, "utf8")) as { $id: string };
  ajv.addSchema(schemas);
  const validate = ajv.getSchema(`${schemas.$id}#/$defs/${definition}`);
  if (!validate) throw new Error(`no schema ${definition}`);
  return (value) => (validate(value) ? undefined : ajv.errorsText(validate.errors));
}

/** RGBA pixels of a `size`×`size` image of one colour. */
function solidPixels(rgb: readonly [number, number, number], size: number): Buffer {
  const data = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i++) data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  return data;
}

/** A data URL of a solid-colour PNG. */
export function pngDataUrl(rgb: readonly [number, number, number], size = 16): string {
  const png = new PNG({ width: size, height: size });
  png.data = solidPixels(rgb, size);
  return `data:image/png;base64,${PNG.sync.write(png).toString("base64")}`;
}

/** A data URL of a solid-colour JPEG. */
export function jpegDataUrl(rgb: readonly [number, number, number], size = 16): string {
  const encoded = jpeg.encode({ data: solidPixels(rgb, size), width: size, height: size }, 90);
  return `data:image/jpeg;base64,${Buffer.from(encoded.data).toString("base64")}`;
}

/** An official SDK client for one simulated profile, without retries (faults must surface). */
export function sdkClient(baseURL: string, options: { apiKey?: string; timeout?: number } = {}): OpenAI {
  return new OpenAI({
    baseURL,
    apiKey: options.apiKey ?? "sk-test-not-checked",
    maxRetries: 0,
    timeout: options.timeout ?? 10_000,
  });
}

/** Cosine similarity of two equal-length vectors. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}
