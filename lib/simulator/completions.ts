/** `POST /v1/completions` (legacy text completions), JSON or SSE. */
import { limitText, samplingSeed } from "./chat-output";
import { usageObject } from "./chat";
import type { HandlerContext } from "./context";
import { jsonResponse, sleep } from "./http";
import { createRng, hashString, randomId } from "./random";
import { type CompletionBody, completionBodySchema, isJsonObject, parseBody } from "./request";
import { applyFeature, checkModelKind, resolveModel } from "./rules";
import { SSE_DONE, sseFrame, sseResponse } from "./sse";
import { countTokens, generateReply } from "./text-model";

interface CompletionChoice {
  index: number;
  tokens: string[];
  finishReason: "stop" | "length";
}

function promptsOf(prompt: CompletionBody["prompt"]): string[] {
  if (typeof prompt === "string") return [prompt];
  if (prompt.length === 0) return [""];
  if (typeof prompt[0] === "string") return prompt as string[];
  if (typeof prompt[0] === "number") return [(prompt as number[]).join(" ")];
  return (prompt as number[][]).map((tokens) => tokens.join(" "));
}

/** Handles a legacy completion request whose JSON body is `raw`. */
export async function handleCompletion(ctx: HandlerContext, raw: unknown): Promise<Response> {
  const { profile } = ctx;
  if (isJsonObject(raw)) profile.preflightCompletion?.(raw);
  const body = parseBody(completionBodySchema, raw);
  const model = resolveModel(profile, body.model);
  applyFeature(profile, model, "completions");
  checkModelKind(profile, model, "completions", body.model);
  const used = (key: "n" | "stop" | "seed" | "max_tokens", isUsed: boolean): boolean =>
    isUsed && applyFeature(profile, model, key).kind === "honoured";
  const n = used("n", (body.n ?? 1) !== 1) ? (body.n ?? 1) : 1;
  const stopList =
    body.stop === undefined || body.stop === null ? [] : typeof body.stop === "string" ? [body.stop] : body.stop;
  const stops = used("stop", stopList.length > 0) ? stopList : [];
  const maxTokens = used("max_tokens", typeof body.max_tokens === "number")
    ? (body.max_tokens ?? undefined)
    : undefined;
  const seed = used("seed", typeof body.seed === "number") ? (body.seed ?? undefined) : undefined;
  const prompts = promptsOf(body.prompt);
  await ctx.loadModel(model);
  const fallback = ctx.nextSeed();
  const choices: CompletionChoice[] = [];
  for (const [p, prompt] of prompts.entries()) {
    // Reuses the chat seeding rules: explicit seed, temperature 0, else per request.
    const base = samplingSeed({ seed, deterministic: body.temperature === 0 }, prompt, fallback);
    for (let i = 0; i < n; i++) {
      const rng = createRng(hashString(prompt, (base + i * 0x9e3779b9) >>> 0));
      const text = ` ${generateReply(prompt, rng)}`;
      const limited = limitText(text, stops, maxTokens);
      choices.push({ index: p * n + i, tokens: limited.tokens, finishReason: limited.finishReason });
    }
  }
  const promptTokenCount = prompts.reduce((sum, prompt) => sum + countTokens(prompt), 0);
  const completionTokens = choices.reduce((sum, c) => sum + c.tokens.length, 0);
  const head = (): Record<string, unknown> => ({
    id: `cmpl-${randomId(29)}`,
    object: "text_completion",
    created: Math.floor(Date.now() / 1000),
    model: profile.ignoresModelField ? body.model : model.id,
    ...(profile.systemFingerprint ? { system_fingerprint: profile.systemFingerprint } : {}),
  });
  const usage = usageObject(profile, promptTokenCount, completionTokens);
  if (body.stream) {
    const includeUsage = body.stream_options?.include_usage === true;
    const base = head();
    return sseResponse(ctx, async function* frames(signal, progress) {
      await sleep(ctx.timing.firstTokenMs, signal);
      const longest = Math.max(0, ...choices.map((c) => c.tokens.length));
      for (let t = 0; t < longest; t++) {
        await sleep(ctx.timing.perTokenMs, signal);
        for (const choice of choices) {
          const token = choice.tokens[t];
          if (token === undefined) continue;
          yield sseFrame({
            ...base,
            choices: [{ text: token, index: choice.index, logprobs: null, finish_reason: null }],
          });
          progress.tokensSent++;
        }
      }
      yield sseFrame({
        ...base,
        choices: choices.map((c) => ({ text: "", index: c.index, logprobs: null, finish_reason: c.finishReason })),
      });
      if (includeUsage) yield sseFrame({ ...base, choices: [], usage });
      yield SSE_DONE;
    });
  }
  const longest = Math.max(0, ...choices.map((c) => c.tokens.length));
  await sleep(ctx.timing.firstTokenMs + ctx.timing.perTokenMs * longest, ctx.signal);
  return jsonResponse({
    ...head(),
    choices: choices.map((c) => ({
      text: `${body.echo ? (promptsOf(body.prompt)[Math.floor(c.index / n)] ?? "") : ""}${c.tokens.join("")}`,
      index: c.index,
      logprobs: null,
      finish_reason: c.finishReason,
    })),
    usage,
  });
}
