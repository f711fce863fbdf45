/** Shared pieces of the feature checks used by the table-driven profile test. */
import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";

/**
 * What a check saw. A refusal keeps the status, the SDK's message and the body's `error`
 * member as the server sent it (an object, or a bare string on LM Studio).
 */
export type Observed =
  | { kind: "honoured" | "ignored" | "unenforced" | "garbled" }
  | { kind: "refused"; status: number; message: string; error: unknown };

/** The models a check may use on one profile. */
export interface Fixture {
  chat: string;
  vision?: string;
  noVision?: string;
  noTools?: string;
  embedding?: string;
  embeddingDims?: number;
  completion: string;
}

/** One feature check. */
export type Check = (client: OpenAI, fixture: Fixture) => Promise<Observed>;

export const ok = (kind: "honoured" | "ignored" | "unenforced" | "garbled"): Observed => ({ kind });

/** Turns SDK status errors into `refused`; anything else propagates. */
export async function observe(check: Check, client: OpenAI, fixture: Fixture): Promise<Observed> {
  try {
    return await check(client, fixture);
  } catch (error) {
    if (error instanceof OpenAI.APIError && typeof error.status === "number")
      return { kind: "refused", status: error.status, message: error.message, error: error.error };
    throw error;
  }
}

export function fail(what: string, value: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(value)}`);
}

export async function chat(
  client: OpenAI,
  params: Omit<ChatCompletionCreateParamsNonStreaming, "messages"> & {
    messages?: ChatCompletionCreateParamsNonStreaming["messages"];
  },
  prompt = "Tell me about lighthouses",
) {
  return client.chat.completions.create({ messages: [{ role: "user", content: prompt }], ...params });
}

export function content(res: OpenAI.ChatCompletion): string {
  return res.choices[0]?.message.content ?? fail("no content", res);
}
