import { z } from "zod";

/**
 * The dynamic segments of route handlers (`withRoute({ params })`), parsed like the query.
 * A segment always holds a string; these only name it, so no URL that reached a handler
 * before is refused now.
 */

/** `[id]`: the id of a provider, run, route, key, user or session. */
export const idParamsSchema = z.object({ id: z.string() });
/** Parsed `[id]`. */
export type IdParams = z.infer<typeof idParamsSchema>;
