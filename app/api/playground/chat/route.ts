import { MAX_CHAT_BODY_BYTES, chatRequestSchema } from "@/lib/schemas/playground";
import { openPlaygroundChat } from "@/lib/server/playground/stream";
import { withRoute } from "@/lib/server/route";

/**
 * One playground call, streamed as Server-Sent Events (`attempt`, `degradation`, `delta`,
 * `reset`, then `done` or `error`). Members and admins only. Validation, access and an
 * unknown provider are JSON errors before the stream opens; the browser disconnecting
 * aborts the upstream request.
 */
export const POST = withRoute(
  { access: "member", body: chatRequestSchema, maxBodyBytes: MAX_CHAT_BODY_BYTES },
  async ({ body, user, req }) => {
    const stream = await openPlaygroundChat(body, user, req.signal);
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      },
    });
  },
);
