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
import type { ModelSpec, ProfileSpec } from "./types";

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

/** The generation options a request uses and the profile honours (ignored ones fall back to defaults). */
interface CompletionOptions {
  n: number;
  stops: string[];
  maxTokens: number | undefined;
  seed: number | undefined;
}

/** Applies the profile's rules to `n`, `stop`, `max_tokens` and `seed`, in that order (a refusal throws). */
function honouredOptions(profile: ProfileSpec, model: ModelSpec, body: CompletionBody): CompletionOptions {
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
  return { n, stops, maxTokens, seed };
}

/** `n` choices per prompt, numbered prompt by prompt. */
function generateCompletions(
  prompts: readonly string[],
  { n, stops, maxTokens, seed }: CompletionOptions,
  deterministic: boolean,
  fallback: number,
): CompletionChoice[] {
  const choices: CompletionChoice[] = [];
  for (const [p, prompt] of prompts.entries()) {
    // Reuses the chat seeding rules: explicit seed, temperature 0, else per request.
    const base = samplingSeed({ seed, deterministic }, prompt, fallback);
    for (let i = 0; i < n; i++) {
      const rng = createRng(hashString(prompt, (base + i * 0x9e3779b9) >>> 0));
      const text = ` ${generateReply(prompt, rng)}`;
      const limited = limitText(text, stops, maxTokens);
      choices.push({ index: p * n + i, tokens: limited.tokens, finishReason: limited.finishReason });
    }
  }
  return choices;
}

/** Tokens in the longest choice: how long generating all of them takes. */
function longestChoice(choices: readonly CompletionChoice[]): number {
  return Math.max(0, ...choices.map((c) => c.tokens.length));
}

/** The SSE answer: one token of one choice per frame, then every finish reason, the usage if asked for, `[DONE]`. */
function streamCompletion(
  ctx: HandlerContext,
  base: Record<string, unknown>,
  choices: readonly CompletionChoice[],
  usage: Record<string, unknown> | undefined,
): Response {
  return sseResponse(ctx, async function* frames(signal, progress) {
    await sleep(ctx.timing.firstTokenMs, signal);
    const longest = longestChoice(choices);
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
    if (usage) yield sseFrame({ ...base, choices: [], usage });
    yield SSE_DONE;
  });
}

/** Handles a legacy completion request whose JSON body is `raw`. */
export async function handleCompletion(ctx: HandlerContext, raw: unknown): Promise<Response> {
  const { profile } = ctx;
  if (isJsonObject(raw)) profile.preflightCompletion?.(raw);
  const body = parseBody(completionBodySchema, raw);
  const model = resolveModel(profile, body.model);
  applyFeature(profile, model, "completions");
  checkModelKind(profile, model, "completions", body.model);
  const options = honouredOptions(profile, model, body);
  const prompts = promptsOf(body.prompt);
  await ctx.loadModel(model);
  const choices = generateCompletions(prompts, options, body.temperature === 0, ctx.nextSeed());
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
  if (body.stream)
    return streamCompletion(ctx, head(), choices, body.stream_options?.include_usage === true ? usage : undefined);
  await sleep(ctx.timing.firstTokenMs + ctx.timing.perTokenMs * longestChoice(choices), ctx.signal);
  return jsonResponse({
    ...head(),
    choices: choices.map((c) => ({
      text: `${body.echo ? (prompts[Math.floor(c.index / options.n)] ?? "") : ""}${c.tokens.join("")}`,
      index: c.index,
      logprobs: null,
      finish_reason: c.finishReason,
    })),
    usage,
  });
}
