import "server-only";
import { isJsonObject, parseJson, quote } from "../helpers";
import { defineProbe, notExercised, partial, supported } from "../types";

/**
 * The prompt asks for a haiku, which a model writes as plain text — unless JSON mode makes
 * it JSON. (OpenAI requires the word "JSON" somewhere in the messages when JSON mode is on.)
 */
const MESSAGES = [
  { role: "system" as const, content: "Output format: JSON, when the API enforces it." },
  { role: "user" as const, content: "Write a haiku about the sea." },
];

/**
 * `json_mode`: `response_format: {type: "json_object"}` yields content that parses as a
 * JSON object. A model may write JSON anyway: when the content is JSON, the same request
 * without `response_format` is sent too, and if that is JSON as well the check was not
 * exercised. LM Studio refuses json_object with 400 (lmstudio-bug-tracker#169, #189).
 */
export const jsonModeProbe = defineProbe({
  feature: "json_mode",
  title: "JSON mode",
  group: "structured output",
  description: 'response_format {type: "json_object"}: the content parses as a JSON object.',
  sends: '`response_format: {type: "json_object"}`',
  fields: ["response_format", "json_object"],
  requests: 2,
  async run({ upstream, model }) {
    const res = await upstream.chat({ model, messages: MESSAGES, response_format: { type: "json_object" } });
    const content = res.choices?.[0]?.message?.content ?? "";
    const parsed = parseJson(content);
    if (!isJsonObject(parsed)) {
      if (parsed !== undefined)
        return partial(`Accepted, but the content is JSON that is not an object: ${quote(content)}.`);
      return partial(`Accepted, but the content is not JSON: ${quote(content)}.`);
    }
    const control = (await upstream.chat({ model, messages: MESSAGES })).choices?.[0]?.message?.content ?? "";
    if (isJsonObject(parseJson(control))) {
      return notExercised("the model answers with a JSON object even without response_format.", {
        keys: Object.keys(parsed),
      });
    }
    return supported("The content parses as a JSON object (and is plain text without JSON mode).", {
      keys: Object.keys(parsed),
    });
  },
});
