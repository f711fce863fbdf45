import { expect, test } from "vitest";
import {
  EMPTY_SETTINGS,
  draftFromSettings,
  parseOverridesDraft,
  parseSettingsDraft,
  parseStopSequences,
} from "./settings";

test("empty fields mean the provider's defaults", () => {
  const parsed = parseSettingsDraft(EMPTY_SETTINGS);
  expect(parsed).toEqual({ ok: true, settings: { params: {}, responseFormat: { type: "text" }, stream: true } });
});

test("every bad field is named by its label, and nothing parses", () => {
  const parsed = parseSettingsDraft({ ...EMPTY_SETTINGS, temperature: "3", seed: "1.5", maxTokens: "many" });
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return;
  expect(parsed.errors.temperature).toBe("Temperature must be between 0 and 2");
  expect(parsed.errors.seed).toBe("Seed must be a whole number");
  expect(parsed.errors.maxTokens).toMatch(/^Max tokens must be/);
});

test("stop sequences: one per line, blank lines dropped, \\n means a newline", () => {
  expect(parseStopSequences("END\n\n\\n\\nQ:\r\n")).toEqual(["END", "\n\nQ:"]);
  const parsed = parseSettingsDraft({ ...EMPTY_SETTINGS, stop: "a\nb\nc\nd\ne" });
  expect(parsed.ok ? null : parsed.errors.stop).toBe("Stop sequences may hold at most 4 stop sequences");
});

test("structured output needs a schema that compiles; JSON mode needs nothing", () => {
  const bad = parseSettingsDraft({ ...EMPTY_SETTINGS, structured: true, schemaText: '{"type": "objekt"}' });
  expect(bad.ok ? null : bad.errors.schemaText).toMatch(/^JSON Schema does not compile as a schema/);
  const notObject = parseSettingsDraft({ ...EMPTY_SETTINGS, structured: true, schemaText: "[1]" });
  expect(notObject.ok ? null : notObject.errors.schemaText).toBe("JSON Schema must be a JSON object");
  const good = parseSettingsDraft({ ...EMPTY_SETTINGS, structured: true });
  expect(good.ok && good.settings.responseFormat.type).toBe("json_schema");
  // A schema with an `$id` can be sent again (the checker must not remember it between sends).
  const withId = {
    ...EMPTY_SETTINGS,
    structured: true,
    schemaText: '{"$id": "https://example.com/answer", "type": "object"}',
  };
  expect(parseSettingsDraft(withId).ok).toBe(true);
  expect(parseSettingsDraft(withId).ok).toBe(true);
  const json = parseSettingsDraft({ ...EMPTY_SETTINGS, jsonMode: true });
  expect(json.ok && json.settings.responseFormat).toEqual({ type: "json_object" });
});

test("tool definitions are checked item by item; the prefilled example is valid", () => {
  const example = parseSettingsDraft({ ...EMPTY_SETTINGS, tools: true });
  expect(example.ok && example.settings.tools?.map((t) => t.function.name)).toEqual(["get_weather"]);
  const bad = parseSettingsDraft({
    ...EMPTY_SETTINGS,
    tools: true,
    toolsText: '[{"type": "function", "function": {"name": "has space"}}]',
  });
  expect(bad.ok ? null : bad.errors.toolsText).toMatch(/^Tool definitions item 1: function.name must be/);
});

test("saved settings come back to the same panel", () => {
  const parsed = parseSettingsDraft({
    ...EMPTY_SETTINGS,
    system: "Be brief.",
    temperature: "0.2",
    stop: "\\n\nEND",
    tools: true,
  });
  if (!parsed.ok) throw new Error("should parse");
  const again = parseSettingsDraft(draftFromSettings(parsed.settings));
  expect(again).toEqual(parsed);
});

test("column overrides keep only what is set", () => {
  expect(parseOverridesDraft({ temperature: "1", maxTokens: "", seed: "7" })).toEqual({
    ok: true,
    overrides: { temperature: 1, seed: 7 },
  });
  expect(parseOverridesDraft({ temperature: "", maxTokens: "0", seed: "" }).ok).toBe(false);
});
