import { handleGateway } from "@/lib/server/gateway/handler";

/**
 * The gateway under `next dev`. `npm start` serves `/v1` from its front door instead, with
 * the same handler, ahead of Next (lib/server/http/front-door.ts; README, Gateway).
 */
export const dynamic = "force-dynamic";

export const GET = handleGateway;
export const HEAD = handleGateway;
export const POST = handleGateway;
export const PUT = handleGateway;
export const PATCH = handleGateway;
export const DELETE = handleGateway;
export const OPTIONS = handleGateway;
