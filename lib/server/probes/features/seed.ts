import "server-only";
import { ask, quote } from "../helpers";
import { defineProbe, notExercised, partial, supported } from "../types";

/**
 * `seed`: two calls with one seed agree, a call with another seed differs. When the other
 * seed gives the same reply, an unseeded call tells why: if even that one is identical, the
 * server samples deterministically whatever the seed (not exercised); if it differs, the two
 * seeds happened to agree on this reply — nothing is concluded either.
 */
export const seedProbe = defineProbe({
  feature: "seed",
  title: "Seed",
  group: "sampling",
  description: "Two requests with the same seed give the same reply; another seed gives a different one.",
  sends: "`seed`",
  fields: ["seed"],
  requests: 4,
  async run({ upstream, model }) {
    const reply = async (seed?: number) =>
      (
        await upstream.chat({
          model,
          messages: ask("Tell me a short story about a fox."),
          temperature: 1,
          ...(seed === undefined ? {} : { seed }),
        })
      ).choices?.[0]?.message?.content ?? "";
    const a = await reply(1234);
    const b = await reply(1234);
    const details = { sameSeed: [a.slice(0, 120), b.slice(0, 120)] };
    if (a !== b) return partial(`The same seed gave different replies (${quote(a, 40)} vs ${quote(b, 40)}).`, details);
    const c = await reply(9876);
    if (a !== c)
      return supported("The same seed repeated the reply; another seed changed it.", {
        ...details,
        otherSeed: c.slice(0, 120),
      });
    const unseeded = await reply();
    if (unseeded === a) {
      return notExercised(
        "every reply is identical even without a seed: the server samples deterministically.",
        details,
      );
    }
    return notExercised("two different seeds gave the same reply, though an unseeded reply differs.", details);
  },
});
