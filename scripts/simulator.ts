/**
 * `npm run simulator -- --port 4010 [--host 127.0.0.1] [--token-delay-ms 30] [--model-load-ms 1000]`:
 * serves every simulated profile and prints each one's OpenAI base URL and the server version it
 * reproduces. Stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { FAULT_NAMES, PROFILES, SIMULATOR_API_KEY, startSimulator } from "../lib/simulator/index";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "token-delay-ms": { type: "string", default: "0" },
    /** How long loading a model takes: LM Studio's first request per model, `+loading`. */
    "model-load-ms": { type: "string", default: "1000" },
    /** Serve only this profile, at the root, like the real server on its own port. */
    profile: { type: "string" },
  },
});

const port = Number(values.port);
const tokenDelayMs = Number(values["token-delay-ms"]);
const modelLoadMs = Number(values["model-load-ms"]);
const isDelay = (ms: number): boolean => Number.isFinite(ms) && ms >= 0;
if (!Number.isInteger(port) || port < 0 || port > 65535 || !isDelay(tokenDelayMs) || !isDelay(modelLoadMs)) {
  console.error("usage: simulator [--port N] [--host H] [--token-delay-ms MS] [--model-load-ms MS] [--profile NAME]");
  process.exit(2);
}

const running = await startSimulator({
  port,
  host: values.host,
  tokenDelayMs,
  faults: { modelLoadMs },
  rootProfile: values.profile,
});
const versions = new Map(PROFILES.map((p) => [p.name, `${p.label} ${p.version}`]));
console.log(`Switchyard simulator listening on ${running.url}`);
if (values.profile) console.log(`  ${values.profile.padEnd(20)} ${running.url}/v1  (${versions.get(values.profile)})`);
else
  for (const { profile, baseUrl } of running.simulator.profileUrls(running.url))
    console.log(`  ${profile.padEnd(20)} ${baseUrl}  (${versions.get(profile)})`);
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
