import "server-only";
import { ask } from "../helpers";
import { defineProbe, partial, supported } from "../types";

/**
 * `n`: `n: 2` returns two choices. Ollama ignores `n` (one choice); llama.cpp builds before
 * PR #17775 refuse it with HTTP 500 "Only one completion choice is allowed" — no field
 * named, recognised as a refusal by comparison with the run's plain chat.
 */
export const nProbe = defineProbe({
  feature: "n",
  title: "Multiple choices (n)",
  group: "sampling",
  description: "n: 2 returns two choices with content.",
  sends: "`n: 2`",
  fields: ["n"],
  async run({ upstream, model }) {
    const res = await upstream.chat({ model, messages: ask("Suggest a name for a cat."), n: 2 });
    const choices = res.choices ?? [];
    const texts = choices.map((c) => c?.message?.content ?? "");
    if (choices.length === 2 && texts.every((t) => t.trim() !== "")) {
      return supported("Two choices with content.", { distinct: texts[0] !== texts[1] });
    }
    if (choices.length === 1) return partial("Accepted n: 2, but returned one choice.");
    return partial(`Asked for 2 choices, got ${choices.length} (or some without content).`);
  },
});
