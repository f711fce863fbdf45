import "server-only";
import { ask, quote } from "../helpers";
import { defineProbe, partial, supported } from "../types";

const PROMPT = "Count from one to twenty in words, separated by spaces.";

/**
 * `stop`: one reply without `stop` picks a word from its middle; the same request (same
 * seed, temperature 0) with that word as the stop sequence must not contain it.
 */
export const stopProbe = defineProbe({
  feature: "stop",
  title: "Stop sequences",
  group: "sampling",
  description: "A stop sequence taken from the model's own reply does not appear in the reply when set.",
  fields: ["stop"],
  requests: 2,
  async run({ upstream, model }) {
    const base = { model, messages: ask(PROMPT), seed: 11, temperature: 0 };
    const full = (await upstream.chat(base)).choices?.[0]?.message?.content ?? "";
    const words = full.split(/\s+/).filter((w) => w.length >= 2);
    const word = words.slice(2).find((w) => full.indexOf(w) > 0) ?? words[1];
    if (!word) return partial(`The reply is too short to pick a stop sequence from: ${quote(full)}.`);
    const res = await upstream.chat({ ...base, stop: [word] });
    const cut = res.choices?.[0]?.message?.content ?? "";
    const details = { stop: word, full: full.slice(0, 200), cut: cut.slice(0, 200) };
    if (cut.includes(word)) return partial(`stop ${quote(word)} was ignored: it appears in ${quote(cut)}.`, details);
    const prefix = full.slice(0, full.indexOf(word));
    return cut === prefix || prefix.startsWith(cut)
      ? supported(`The reply stopped right before ${quote(word)}.`, details)
      : supported(
          `${quote(word)} does not appear in the reply (the replies differed, so the cut point is unconfirmed).`,
          details,
        );
  },
});
