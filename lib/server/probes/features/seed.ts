import "server-only";
import { ask, quote } from "../helpers";
import { defineProbe, partial, supported } from "../types";

/** `seed`: two calls with one seed agree; a call with another seed differs. */
export const seedProbe = defineProbe({
  feature: "seed",
  title: "Seed",
  group: "sampling",
  description: "Two requests with the same seed give the same reply; another seed gives a different one.",
  fields: ["seed"],
  requests: 3,
  async run({ upstream, model }) {
    const reply = async (seed: number) =>
      (await upstream.chat({ model, messages: ask("Tell me a short story about a fox."), seed, temperature: 1 }))
        .choices?.[0]?.message?.content ?? "";
    const a = await reply(1234);
    const b = await reply(1234);
    const c = await reply(9876);
    const details = { sameSeed: [a.slice(0, 120), b.slice(0, 120)], otherSeed: c.slice(0, 120) };
    if (a !== b) return partial(`The same seed gave different replies (${quote(a, 40)} vs ${quote(b, 40)}).`, details);
    if (a === c) return partial("Every reply was identical, whatever the seed: the seed may be ignored.", details);
    return supported("The same seed repeated the reply; another seed changed it.", details);
  },
});
