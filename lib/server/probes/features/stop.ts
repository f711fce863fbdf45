import "server-only";
import { ask, quote } from "../helpers";
import { type ResultFlag, defineProbe, notExercised, partial, supported } from "../types";

const PROMPT = "Count from one to twenty in words, separated by spaces.";

/**
 * `stop`: one reply without `stop` picks a word from its middle; the same request (same
 * seed, temperature 0) with that word as the stop sequence must not contain it, and must
 * be the first reply's beginning — a reply that merely differs proves nothing (not
 * exercised). Then `stop` as a single string (the spec allows both forms): a refusal of it
 * is recorded as a flag.
 */
export const stopProbe = defineProbe({
  feature: "stop",
  title: "Stop sequences",
  group: "sampling",
  description: "A stop sequence taken from the model's own reply does not appear in the reply when set.",
  sends: "`stop`",
  fields: ["stop"],
  requests: 3,
  async run(ctx) {
    const { upstream, model } = ctx;
    const base = { model, messages: ask(PROMPT), seed: 11, temperature: 0 };
    const full = (await upstream.chat(base)).choices?.[0]?.message?.content ?? "";
    const words = full.split(/\s+/).filter((w) => w.length >= 2);
    const word = words.slice(2).find((w) => full.indexOf(w) > 0) ?? words[1];
    if (!word) return notExercised(`the reply is too short to pick a stop sequence from: ${quote(full)}.`);
    const res = await upstream.chat({ ...base, stop: [word] });
    const cut = res.choices?.[0]?.message?.content ?? "";
    const details = { stop: word, full: full.slice(0, 200), cut: cut.slice(0, 200) };
    if (cut.includes(word)) return partial(`stop ${quote(word)} was ignored: it appears in ${quote(cut)}.`, details);
    const prefix = full.slice(0, full.indexOf(word));
    if (!(cut === prefix || prefix.startsWith(cut.trimEnd()))) {
      return notExercised(
        `the reply with stop ${quote(word)} differs from the one without it, so the cut is unconfirmed.`,
        details,
      );
    }
    const single = await upstream.capture(() => upstream.chat({ ...base, stop: word }));
    const flags: ResultFlag[] =
      !single.ok && ctx.classify(single.failure).verdict === "unsupported" ? ["requires:stop_array"] : [];
    const note = flags.length ? " Note: stop as a single string is refused; send an array." : "";
    return { ...supported(`The reply stopped right before ${quote(word)}.${note}`, details), flags };
  },
});
