/** Runs once when the server starts (next start and next dev). */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next's own marker: only the Node.js server touches the database.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { seedProvidersFromEnv } = await import("@/lib/server/providers/seed");
  try {
    const created = await seedProvidersFromEnv();
    if (created.length) console.log(`switchyard: added providers from the environment: ${created.join(", ")}`);
  } catch (err) {
    console.error(`switchyard: seeding providers from the environment failed: ${(err as Error).message}`);
  }
  const { startProbeScheduler } = await import("@/lib/server/probes/scheduler");
  startProbeScheduler();
  const { startRetention } = await import("@/lib/server/retention");
  startRetention();
  // Before the first gateway request: the registry's listener counts every one (/metrics).
  const { ensureMetrics } = await import("@/lib/server/metrics/registry");
  ensureMetrics();
}
