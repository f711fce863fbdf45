/**
 * Bounds on what one request can make the simulator do. The simulator also runs inside the
 * app (`/sim/<profile>/v1`), on the app's own event loop, so no request may make it produce
 * megabytes of output or compute for seconds. Where a real server has the limit, the
 * simulator answers with that server's own message (cited at the limit); the output budget
 * below is the simulator's own, and says so.
 */
import { SimulatorHttpError } from "./http";

/** OpenAI: "any array must be 2048 dimensions or less" (API reference, embeddings `input`). */
export const MAX_EMBEDDING_INPUTS = 2048;
/** OpenAI: "all embedding models enforce a maximum of 300,000 tokens summed across all inputs". */
export const MAX_EMBEDDING_TOKENS = 300_000;
/**
 * The simulator's own bound on one embeddings answer: inputs × dimensions (≈ 5 MB of JSON).
 * A real server computes vectors on its own hardware; this one would compute them on the app's.
 */
export const MAX_EMBEDDING_VALUES = 262_144;
/** Completion tokens one simulated model writes at most per choice (its output limit). */
export const MAX_OUTPUT_TOKENS_PER_CHOICE = 4096;
/**
 * Tokens one chat answer holds at most across all `n` choices, each `top_logprobs`
 * alternative counting as a token (bounds `n: 128` × long replies × logprobs).
 */
export const MAX_TOKEN_ENTRIES_PER_RESPONSE = 65_536;
/** Nodes one generated JSON instance (structured output, tool arguments) holds at most. */
export const MAX_INSTANCE_NODES = 5000;
/** Decoded pixels per image and per request (a small PNG can declare a huge canvas). */
export const MAX_IMAGE_PIXELS = 4096 * 4096;
export const MAX_REQUEST_PIXELS = 2 * MAX_IMAGE_PIXELS;

/**
 * OpenAI's 400 for an `input` array it will not take (observed answer for > 2048 inputs,
 * embeddings-benchmark/mteb#1200).
 */
export const INVALID_INPUT_MESSAGE =
  "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

/**
 * Refuses an embeddings request the simulator will not compute (see the constants above).
 * These guard the simulator itself, on every profile, so they answer in OpenAI's shape.
 */
export function assertEmbeddingWithinLimits(inputCount: number, tokens: number, dimensions: number): void {
  if (inputCount > MAX_EMBEDDING_INPUTS) {
    throw new SimulatorHttpError(400, INVALID_INPUT_MESSAGE, { param: "input", bodyStyle: "openai" });
  }
  if (tokens > MAX_EMBEDDING_TOKENS) {
    // OpenAI's own answer (seen in OpenDataBox/CrackSQL#27): type and code max_tokens_per_request.
    throw new SimulatorHttpError(400, `Requested ${tokens} tokens, max ${MAX_EMBEDDING_TOKENS} tokens per request`, {
      type: "max_tokens_per_request",
      code: "max_tokens_per_request",
      bodyStyle: "openai",
    });
  }
  if (inputCount * dimensions > MAX_EMBEDDING_VALUES) {
    throw new SimulatorHttpError(
      400,
      `The simulator answers at most ${MAX_EMBEDDING_VALUES} embedding values per request: ${inputCount} inputs × ${dimensions} dimensions is more. Send fewer inputs (at most ${Math.floor(MAX_EMBEDDING_VALUES / dimensions)} at this dimension) or ask for fewer dimensions.`,
      { param: "input", code: "simulator_limit", bodyStyle: "openai" },
    );
  }
}

/** How many tokens each of `n` choices may still write, given what earlier choices used. */
export function tokenAllowance(usedEntries: number, topLogprobs: number): number {
  const perToken = 1 + Math.max(0, topLogprobs);
  const left = Math.max(0, MAX_TOKEN_ENTRIES_PER_RESPONSE - usedEntries);
  return Math.min(MAX_OUTPUT_TOKENS_PER_CHOICE, Math.floor(left / perToken));
}
