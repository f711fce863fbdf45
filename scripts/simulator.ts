/**
 * `npm run simulator -- --port 4010 [--host 127.0.0.1] [--token-delay-ms 30]`: serves every
 * simulated profile and prints each one's OpenAI base URL. Stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { FAULT_NAMES, SIMULATOR_API_KEY, startSimulator } from "../lib/simulator/index";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "token-delay-ms": { type: "string", default: "0" },
    /** Serve only this profile, at the root, like the real server on its own port. */
    profile: { type: "string" },
  },
});

const port = Number(values.port);
const tokenDelayMs = Number(values["token-delay-ms"]);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(tokenDelayMs) || tokenDelayMs < 0) {
  console.error("usage: simulator [--port N] [--host H] [--token-delay-ms MS] [--profile NAME]");
  process.exit(2);
}

const running = await startSimulator({ port, host: values.host, tokenDelayMs, rootProfile: values.profile });
console.log(`Switchyard simulator listening on ${running.url}`);
if (values.profile) console.log(`  ${values.profile.padEnd(20)} ${running.url}/v1`);
else
  for (const { profile, baseUrl } of running.simulator.profileUrls(running.url))
    console.log(`  ${profile.padEnd(20)} ${baseUrl}`);
console.log(
  `Faults: append +${FAULT_NAMES.join(", +")} to a profile (e.g. ${running.url}/ollama+slow/v1) or send x-simulator-fault.`,
);
console.log(`API key for +auth: ${SIMULATOR_API_KEY}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void running.stop().then(() => process.exit(0));
  });
}
