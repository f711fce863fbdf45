import "server-only";
import type { ResponsesInputItem } from "@/lib/responses/request";
import { getDb } from "../db";

/**
 * The responses the gateway produced on `/v1/responses`, kept for `previous_response_id`:
 * the conversation up to and including each response, as Responses input items, under the
 * key that made it (another key asking for it gets "not found", like OpenAI answers another
 * organisation). Pruned by retention.ts after RESPONSES_RETENTION_DAYS. The gateway expands a
 * continued conversation itself, so it works on every target — bridged or native, and on
 * servers that keep no state (vLLM's default, llama.cpp).
 */

/** Stored per response, at most: a longer conversation is not kept (the answer says so in a header). */
export const MAX_STORED_CHARS = 8 * 1024 * 1024;

export async function saveResponse(id: string, keyId: string, items: readonly ResponsesInputItem[]): Promise<boolean> {
  const text = JSON.stringify(items);
  if (text.length > MAX_STORED_CHARS) return false;
  await getDb().gatewayResponse.create({ data: { id, keyId, items: text } });
  return true;
}

/** The conversation a stored response ends, or null when this key has no such response. */
export async function loadResponse(id: string, keyId: string): Promise<ResponsesInputItem[] | null> {
  const row = await getDb().gatewayResponse.findUnique({ where: { id } });
  if (!row || row.keyId !== keyId) return null;
  return JSON.parse(row.items) as ResponsesInputItem[];
}
