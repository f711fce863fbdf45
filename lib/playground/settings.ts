import { chatParamsSchema, chatSettingsSchema, type ChatParams, type ChatSettings } from "@/lib/schemas/playground";
import { EXAMPLE_SCHEMA, EXAMPLE_TOOLS, parseJsonSchemaText, parseToolsText } from "./json-editors";
import type { FieldErrors, OverridesDraft, SettingsDraft, SettingsField } from "./types";

/** The parameters panel: typed text ⇄ {@link ChatSettings}, with errors named by field. */

export const SETTINGS_LABELS: Record<SettingsField, string> = {
  system: "System prompt",
  temperature: "Temperature",
  topP: "Top P",
  maxTokens: "Max tokens",
  seed: "Seed",
  stop: "Stop sequences",
  jsonMode: "JSON mode",
  structured: "Structured output",
  schemaText: "JSON Schema",
  tools: "Tools",
  toolsText: "Tool definitions",
};

export const EMPTY_SETTINGS: SettingsDraft = {
  system: "",
  temperature: "",
  topP: "",
  maxTokens: "",
  seed: "",
  stop: "",
  jsonMode: false,
  structured: false,
  schemaText: EXAMPLE_SCHEMA,
  tools: false,
  toolsText: EXAMPLE_TOOLS,
};

export const EMPTY_OVERRIDES: OverridesDraft = { temperature: "", maxTokens: "", seed: "" };

const text = (n: number | undefined) => (n === undefined ? "" : String(n));

/** Stop sequences are typed one per line; `\n` and `\t` stand for a newline and a tab. */
export function parseStopSequences(value: string): string[] {
  return value
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/\\n/g, "\n").replace(/\\t/g, "\t"));
}

function formatStopSequences(stop: string[] | undefined): string {
  return (stop ?? []).map((s) => s.replace(/\n/g, "\\n").replace(/\t/g, "\\t")).join("\n");
}

/** The panel showing saved settings (a reopened session). */
export function draftFromSettings(s: ChatSettings): SettingsDraft {
  const format = s.responseFormat;
  return {
    system: s.system ?? "",
    temperature: text(s.params.temperature),
    topP: text(s.params.topP),
    maxTokens: text(s.params.maxTokens),
    seed: text(s.params.seed),
    stop: formatStopSequences(s.params.stop),
    jsonMode: format.type === "json_object",
    structured: format.type === "json_schema",
    schemaText: format.type === "json_schema" ? JSON.stringify(format.schema, null, 2) : EXAMPLE_SCHEMA,
    tools: (s.tools?.length ?? 0) > 0,
    toolsText: s.tools?.length ? JSON.stringify(s.tools, null, 2) : EXAMPLE_TOOLS,
  };
}

/** A number field: empty means "the provider's default" (undefined); NaN stays NaN for zod to name. */
function num(value: string): number | undefined {
  const t = value.trim();
  return t === "" ? undefined : Number(t);
}

type ParamField = "temperature" | "topP" | "maxTokens" | "seed" | "stop";

/** Runs the shared params schema and names each failing field by its label. */
function checkParams(raw: Record<string, unknown>, labels: Partial<Record<ParamField, string>>) {
  const parsed = chatParamsSchema.safeParse(raw);
  const errors: FieldErrors<ParamField> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as ParamField;
      // zod's own wording ("Invalid input: expected number, received NaN") does not follow a label.
      const message = issue.message.startsWith("Invalid input") ? "must be a number" : issue.message;
      errors[field] ??= `${labels[field] ?? field} ${message}`;
    }
  }
  return { params: parsed.success ? parsed.data : null, errors };
}

/** The panel as {@link ChatSettings}, or every field error at once. */
export function parseSettingsDraft(
  d: SettingsDraft,
): { ok: true; settings: ChatSettings } | { ok: false; errors: FieldErrors<SettingsField> } {
  const stop = parseStopSequences(d.stop);
  const { params, errors: paramErrors } = checkParams(
    {
      temperature: num(d.temperature),
      topP: num(d.topP),
      maxTokens: num(d.maxTokens),
      seed: num(d.seed),
      stop: stop.length ? stop : undefined,
    },
    SETTINGS_LABELS,
  );
  const errors: FieldErrors<SettingsField> = { ...paramErrors };
  let responseFormat: ChatSettings["responseFormat"] = { type: "text" };
  if (d.structured) {
    const schema = parseJsonSchemaText(d.schemaText);
    if (schema.ok) responseFormat = { type: "json_schema", name: "response", schema: schema.value };
    else errors.schemaText = `${SETTINGS_LABELS.schemaText} ${schema.error}`;
  } else if (d.jsonMode) {
    responseFormat = { type: "json_object" };
  }
  let tools: ChatSettings["tools"];
  if (d.tools) {
    const parsed = parseToolsText(d.toolsText);
    if (parsed.ok) tools = parsed.value;
    else errors.toolsText = `${SETTINGS_LABELS.toolsText} ${parsed.error}`;
  }
  if (d.system.length > 50_000) errors.system = `${SETTINGS_LABELS.system} must be at most 50,000 characters`;
  if (!params || Object.keys(errors).length > 0) return { ok: false, errors };
  const settings = chatSettingsSchema.parse({
    ...(d.system.trim() ? { system: d.system } : {}),
    params,
    responseFormat,
    ...(tools ? { tools } : {}),
    stream: true,
  });
  return { ok: true, settings };
}

const OVERRIDE_LABELS: Record<keyof OverridesDraft, string> = {
  temperature: "Column temperature",
  maxTokens: "Column max tokens",
  seed: "Column seed",
};

/** A column's own temperature / max tokens / seed, or the fields that are wrong. */
export function parseOverridesDraft(
  d: OverridesDraft,
): { ok: true; overrides: Partial<ChatParams> } | { ok: false; errors: FieldErrors<keyof OverridesDraft> } {
  const raw = { temperature: num(d.temperature), maxTokens: num(d.maxTokens), seed: num(d.seed) };
  const { params, errors } = checkParams(raw, OVERRIDE_LABELS);
  if (!params) return { ok: false, errors: errors as FieldErrors<keyof OverridesDraft> };
  const overrides: Partial<ChatParams> = {};
  if (params.temperature !== undefined) overrides.temperature = params.temperature;
  if (params.maxTokens !== undefined) overrides.maxTokens = params.maxTokens;
  if (params.seed !== undefined) overrides.seed = params.seed;
  return { ok: true, overrides };
}

export function draftFromOverrides(o: Partial<ChatParams>): OverridesDraft {
  return { temperature: text(o.temperature), maxTokens: text(o.maxTokens), seed: text(o.seed) };
}
