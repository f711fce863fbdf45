import "server-only";
import { ask, isJsonObject, parseJson, quote } from "../helpers";
import { defineProbe, partial, supported } from "../types";

/**
 * `json_mode`: `response_format: {type: "json_object"}` yields content that parses as a
 * JSON object. LM Studio refuses it with 400 (lmstudio-bug-tracker#169, #189).
 */
export const jsonModeProbe = defineProbe({
  feature: "json_mode",
  title: "JSON mode",
  group: "structured output",
  description: 'response_format {type: "json_object"}: the content parses as a JSON object.',
  fields: ["response_format", "json_object"],
  async run({ upstream, model }) {
    const res = await upstream.chat({
      model,
      // OpenAI requires the word "JSON" in the messages when JSON mode is on.
      messages: ask("Describe a cat as a JSON object with the keys name, colour and age."),
      response_format: { type: "json_object" },
    });
    const content = res.choices?.[0]?.message?.content ?? "";
    const parsed = parseJson(content);
    if (isJsonObject(parsed)) return supported("The content parses as a JSON object.", { keys: Object.keys(parsed) });
    if (parsed !== undefined)
      return partial(`Accepted, but the content is JSON that is not an object: ${quote(content)}.`);
    return partial(`Accepted, but the content is not JSON: ${quote(content)}.`);
  },
});
