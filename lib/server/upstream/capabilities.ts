import "server-only";
import { isRecord } from "@/lib/json";

/**
 * The declared-capability vocabulary and the small readers every kind's `declarations` share
 * (lib/providers/kinds/*.server.ts). These are *declared* capabilities (what the server says),
 * stored so the matrix can show them beside what the probes *observe*.
 *
 * Servers' own words are mapped onto the vocabulary:
 * - `completion`: generates text (Ollama `completion`, LocalAI `chat`/`completion`, LM Studio `llm`, KoboldCpp `llm`)
 * - `tools`: tool/function calling (Ollama `tools`, LM Studio `trained_for_tool_use`, llama.cpp `chat_template_caps.supports_tools`)
 * - `vision`: image input (Ollama `vision`, LM Studio `capabilities.vision` / `vlm`, llama.cpp `modalities.vision`, KoboldCpp `vision`)
 * - `embedding`: an embedding model (Ollama `embedding`, LocalAI `embeddings`, LM Studio type `embedding`)
 * - `thinking`: a reasoning model (Ollama `thinking`, LM Studio `reasoning`)
 * - `audio`: audio input (llama.cpp `modalities.audio`, KoboldCpp `audio`)
 * Unknown words are dropped.
 */
export const DECLARED_CAPABILITIES = ["completion", "tools", "vision", "embedding", "thinking", "audio"] as const;
/** One word of {@link DECLARED_CAPABILITIES}. */
export type DeclaredCapability = (typeof DECLARED_CAPABILITIES)[number];

const SYNONYMS: Record<string, DeclaredCapability> = {
  completion: "completion",
  chat: "completion",
  llm: "completion",
  generate: "completion",
  text: "completion",
  tools: "tools",
  tool_use: "tools",
  trained_for_tool_use: "tools",
  function_calling: "tools",
  functions: "tools",
  vision: "vision",
  vlm: "vision",
  image: "vision",
  images: "vision",
  multimodal: "vision",
  embedding: "embedding",
  embeddings: "embedding",
  embed: "embedding",
  thinking: "thinking",
  reasoning: "thinking",
  audio: "audio",
};

/** Maps a server's capability words onto {@link DECLARED_CAPABILITIES} (deduplicated, in vocabulary order). */
export function normaliseCapabilities(words: Iterable<string>): DeclaredCapability[] {
  const found = new Set<DeclaredCapability>();
  for (const w of words) {
    const c = SYNONYMS[w.trim().toLowerCase()];
    if (c) found.add(c);
  }
  return DECLARED_CAPABILITIES.filter((c) => found.has(c));
}

/** What a server says about one model: what it has, and what it stated at all. */
export type Statement = { has: DeclaredCapability[]; known: DeclaredCapability[] };

/** One source of declarations (e.g. `ollama /api/show`) and what it says per model id. */
export type Declarations = { source: string; byModel: Map<string, Statement> };

/** A complete capability list (Ollama's, LocalAI's): whatever it omits, it does not have. */
export const complete = (words: Iterable<string>): Statement => ({
  has: normaliseCapabilities(words),
  known: [...DECLARED_CAPABILITIES],
});

export { isRecord };
export const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The entries of an OpenAI model list (`{ data: [{ id }] }`), or null when the body is not one. */
export function parseModelList(body: unknown): { id: string }[] | null {
  if (!isRecord(body) || !Array.isArray(body.data)) return null;
  const entries = records(body.data);
  if (entries.length !== body.data.length || entries.some((e) => typeof e.id !== "string")) return null;
  return entries.map((e) => ({ id: e.id as string }));
}
