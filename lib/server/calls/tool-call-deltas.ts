import "server-only";

/**
 * Tool calls as a stream delivers them (OpenAI's `delta.tool_calls`): pieces keyed by
 * `index`, the id from whichever piece carries one, the name and the arguments appended
 * piece by piece. The engine assembles replies this way, and the tools_streaming probe judges
 * a server's stream by what its pieces assemble into.
 */

/** One tool call, assembled from its pieces so far. */
export type AssembledToolCall = { id: string; name: string; arguments: string };

/** One piece of a tool call in a stream chunk. */
export type ToolCallPiece = {
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
};

/** Adds `piece` to the call at `index` (a new one starts empty). */
export function addToolCallPiece(calls: Map<number, AssembledToolCall>, index: number, piece: ToolCallPiece): void {
  const call = calls.get(index) ?? { id: "", name: "", arguments: "" };
  if (piece.id) call.id = piece.id;
  if (piece.function?.name) call.name += piece.function.name;
  call.arguments += piece.function?.arguments ?? "";
  calls.set(index, call);
}
