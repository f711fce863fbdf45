/**
 * A second Switchyard instance for tests: the gateway served in its own process on the
 * database DATABASE_URL names (another instance of a team's deployment). Prints
 * `{"url": …}` on one line once it listens; stops on SIGTERM.
 *
 *   DATABASE_URL=… DATA_DIR=… tsx --conditions=react-server lib/testing/gateway-instance.ts
 */
import { startGateway } from "./gateway";

const gateway = await startGateway();
console.log(JSON.stringify({ url: gateway.url }));
process.on("SIGTERM", () => {
  void gateway.stop().finally(() => process.exit(0));
});
