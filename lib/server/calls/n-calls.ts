import "server-only";
import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";

/**
 * Emulating `n` (a server without it, see the `n` degradation): n calls of one choice each,
 * at once, streamed as choices 0…n-1 of one reply and merged into one completion.
 */

/** A chunk of the i-th of n emulated calls, as choice i of one reply. */
export function reindex(chunk: ChatCompletionChunk, i: number): ChatCompletionChunk {
  return { ...chunk, choices: chunk.choices.map((c) => ({ ...c, index: i })) };
}

/** Runs `n` calls at once (one unless emulating `n`) and merges them into one completion. */
export async function callTimes(n: number, call: (i: number) => Promise<ChatCompletion>): Promise<ChatCompletion> {
  if (n <= 1) return call(0);
  const all = await Promise.all(Array.from({ length: n }, (_, i) => call(i)));
  const first = all[0]!;
  const usage = all.every((c) => c.usage)
    ? {
        prompt_tokens: all.reduce((s, c) => s + (c.usage?.prompt_tokens ?? 0), 0),
        completion_tokens: all.reduce((s, c) => s + (c.usage?.completion_tokens ?? 0), 0),
        total_tokens: all.reduce((s, c) => s + (c.usage?.total_tokens ?? 0), 0),
      }
    : undefined;
  return {
    ...first,
    choices: all.map((c, i) => ({ ...c.choices[0]!, index: i })),
    ...(usage ? { usage } : {}),
  };
}
