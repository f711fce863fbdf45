/**
 * The deterministic "language model": a short reply derived from the prompt, split into
 * tokens so that streaming, `max_tokens`, `stop` and `logprobs` all have something real to
 * act on. Sampling comes from a seeded generator, so `seed` makes replies repeatable.
 */
import { type Rng, pick, randomInt } from "./random";

const TOKEN_PATTERN = /\s*(?:[\p{L}\p{N}_']+|[^\s\p{L}\p{N}_'])/gu;

/** Splits text into word/punctuation tokens; joining them gives the text back exactly. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [...(text.match(TOKEN_PATTERN) ?? [])];
  const consumed = tokens.join("").length;
  if (consumed < text.length) {
    const rest = text.slice(consumed);
    if (tokens.length > 0) tokens[tokens.length - 1] += rest;
    else tokens.push(rest);
  }
  return tokens;
}

/**
 * The first `max` tokens of `text` and whether that is all of it — without tokenizing the
 * rest (a 1 MB echo cut at 16 tokens costs 16 tokens of work).
 */
export function tokenizeUpTo(text: string, max: number): { tokens: string[]; complete: boolean } {
  const pattern = new RegExp(TOKEN_PATTERN.source, TOKEN_PATTERN.flags);
  const tokens: string[] = [];
  for (let match = pattern.exec(text); match && tokens.length <= max; match = pattern.exec(text)) {
    tokens.push(match[0]);
  }
  if (tokens.length > max) return { tokens: tokens.slice(0, max), complete: false };
  return { tokens: tokenize(text), complete: true };
}

/** Token count as the simulator bills it in `usage`. */
export function countTokens(text: string): number {
  return tokenize(text).length;
}

const VOCABULARY = [
  "amber",
  "river",
  "quietly",
  "folds",
  "bright",
  "signal",
  "garden",
  "lantern",
  "drifts",
  "across",
  "silver",
  "meadow",
  "gently",
  "echoes",
  "harbor",
  "window",
  "morning",
  "copper",
  "patient",
  "thread",
  "orchard",
  "compass",
  "steady",
  "ember",
  "valley",
  "hums",
  "paper",
  "crystal",
  "wanders",
  "beneath",
  "velvet",
  "summit",
  "glides",
  "tidal",
  "forest",
  "calm",
  "marble",
  "spark",
  "northern",
  "ribbon",
  "settles",
  "willow",
  "canvas",
  "distant",
  "rhythm",
];

const STOPWORDS = new Set([
  "a",
  "an",
  "the",
  "is",
  "are",
  "was",
  "of",
  "to",
  "in",
  "on",
  "and",
  "or",
  "for",
  "me",
  "please",
  "what",
  "how",
  "can",
  "you",
  "i",
  "my",
  "it",
  "be",
  "with",
  "do",
  "does",
]);

/** The significant words of a prompt, in order. */
export function keywords(prompt: string): string[] {
  return (prompt.toLowerCase().match(/[\p{L}\p{N}_']+/gu) ?? []).filter((w) => !STOPWORDS.has(w));
}

/**
 * A reply to `prompt`. Two instructions are obeyed literally so callers can build exact
 * expectations: `Repeat after me: <text>` / `Say exactly: <text>`, and `Count from A to B`.
 */
export function generateReply(prompt: string, rng: Rng): string {
  const literal = /(?:repeat after me|say exactly)\s*:?\s*(.+)$/is.exec(prompt);
  if (literal?.[1]) return literal[1].trim().replace(/^"(.*)"$/s, "$1");
  const count = /count\s+from\s+(-?\d+)\s+to\s+(-?\d+)/i.exec(prompt);
  if (count?.[1] && count[2]) {
    const from = Number(count[1]);
    const to = Math.min(Number(count[2]), from + 199);
    const numbers: number[] = [];
    for (let i = from; i <= to; i++) numbers.push(i);
    if (numbers.length > 0) return numbers.join(", ");
  }
  const topic = keywords(prompt).slice(0, 5).join(" ") || "nothing in particular";
  const words: string[] = [];
  const length = randomInt(rng, 6, 10);
  for (let i = 0; i < length; i++) words.push(pick(rng, VOCABULARY));
  const sentence = words.join(" ");
  return `You asked about ${topic}. ${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** Alternatives offered in `top_logprobs`. */
export function alternativeTokens(rng: Rng, count: number, exclude: string): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count && i < count * 4; i++) {
    const word = ` ${pick(rng, VOCABULARY)}`;
    if (word !== exclude && !out.includes(word)) out.push(word);
  }
  return out;
}
