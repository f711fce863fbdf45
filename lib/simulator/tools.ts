/**
 * Tool calling: which of the request's tools the simulated model calls, and with what
 * arguments (generated from each tool's parameters schema).
 */
import type { ChatTool } from "./request";
import { type Rng, randomId } from "./random";
import { type JsonSchema, generateInstance } from "./schema-instance";

/** `tool_choice` after the profile's rules: a mode or a forced function name. */
export type ToolChoice = "auto" | "none" | "required" | { name: string };

/** One call the simulated model makes. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

const GENERIC_WORDS = new Set([
  "function",
  "returns",
  "return",
  "given",
  "current",
  "specified",
  "value",
  "values",
  "using",
  "information",
  "about",
  "which",
  "should",
  "called",
  "result",
  "results",
  "provided",
]);

function nameParts(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part.length >= 4);
}

/** Whether `text` asks for what `tool` does: its name, a part of it, or a word of its description. */
export function toolMatches(tool: ChatTool, text: string): boolean {
  const lower = text.toLowerCase();
  const words = new Set(lower.match(/[a-z0-9]+/g) ?? []);
  if (lower.includes(tool.function.name.toLowerCase())) return true;
  if (nameParts(tool.function.name).some((part) => words.has(part) || words.has(`${part}s`))) return true;
  const description = (tool.function.description ?? "").toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return description.some((word) => word.length >= 5 && !GENERIC_WORDS.has(word) && words.has(word));
}

/** A proper noun or quoted phrase from the prompt, used for `city`/`query`-like arguments. */
export function stringHint(text: string): string | undefined {
  const quoted = /"([^"]{1,60})"/.exec(text)?.[1];
  if (quoted) return quoted;
  const words = text.match(/[\p{L}\p{N}']+/gu) ?? [];
  return words.slice(1).find((word) => /^\p{Lu}\p{Ll}+$/u.test(word));
}

/** The calls for one choice; empty means the model answers with text instead. */
export function chooseToolCalls(
  tools: readonly ChatTool[],
  choice: ToolChoice,
  parallel: boolean,
  userText: string,
  rng: Rng,
): ToolCall[] {
  if (tools.length === 0 || choice === "none") return [];
  let selected: ChatTool[];
  if (typeof choice === "object") {
    selected = tools.filter((tool) => tool.function.name === choice.name).slice(0, 1);
  } else {
    selected = tools.filter((tool) => toolMatches(tool, userText));
    if (choice === "required" && selected.length === 0) selected = tools.slice(0, 1);
  }
  if (!parallel) selected = selected.slice(0, 1);
  const hint = stringHint(userText);
  return selected.map((tool) => {
    const schema: JsonSchema = tool.function.parameters ?? { type: "object", properties: {} };
    return {
      id: `call_${randomId(24)}`,
      name: tool.function.name,
      arguments: JSON.stringify(generateInstance(schema, rng, { stringHint: hint })),
    };
  });
}
