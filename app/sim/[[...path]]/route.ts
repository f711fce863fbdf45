import { serveSimulator } from "@/lib/server/simulator/mount";

/**
 * The OpenAI-compatible simulator served by the app itself under /sim/<profile>/v1, so a
 * fresh install with no LLM server has something to probe ("Add simulated providers").
 * Only when SIMULATOR is on (the default in development); see lib/server/simulator/mount.ts.
 */
export const dynamic = "force-dynamic";

export const GET = serveSimulator;
export const POST = serveSimulator;
