import { getDb } from "@/lib/server/db";
import type { RunningSimulator } from "@/lib/simulator";
import type { RunningGateway } from "./gateway";

/**
 * The end of an integration test file, in the one order that loses nothing: the gateway first
 * when one ran (stopping it flushes its request log into the database), then the simulators,
 * then the database connection and the database itself.
 */
export async function stopTestBed(bed: {
  gateway?: RunningGateway;
  simulators: RunningSimulator[];
  db: { drop: () => Promise<void> };
}): Promise<void> {
  await bed.gateway?.stop();
  for (const simulator of bed.simulators) await simulator.stop();
  await getDb().$disconnect();
  await bed.db.drop();
}
