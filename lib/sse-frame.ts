/**
 * Server-sent events as Switchyard writes them (isomorphic): `event: <type>`, one `data:`
 * line of JSON, a blank line. The probe-run follower, the playground's stream and the
 * Responses API's events (the gateway's and the simulator's) are all framed here.
 */

/** One event named `type` carrying `data` as JSON. */
export function sseEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** An event that names its own type (`{ type, … }`), sent whole as its data. */
export function sseTypedEvent(event: { type: string }): string {
  return sseEvent(event.type, event);
}
