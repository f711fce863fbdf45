import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { EnvError, loadEnv } from "./env";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-env-"));
}

describe("loadEnv", () => {
  test("defaults: development, port 3000, SQLite in the data folder", () => {
    const dir = tempDir();
    const env = loadEnv({ DATA_DIR: dir });
    expect(env.environment).toBe("development");
    expect(env.port).toBe(3000);
    expect(env.databaseUrl).toBe(`file:${path.join(dir, "switchyard.db")}`);
    expect(env.appUrl).toBe("http://localhost:3000");
  });

  test("each kind's seed variables and default port come from the kind registry", () => {
    const env = loadEnv({
      DATA_DIR: tempDir(),
      OLLAMA_HOST: "127.0.0.1:11434",
      OLLAMA_URL: "http://box:11434",
      KOBOLDCPP_URL: "http://127.0.0.1:5001",
      OPENAI_API_KEY: "sk-test",
    });
    // The first of a kind's URL variables that is set wins (OLLAMA_URL before OLLAMA_HOST).
    expect(env.seed).toEqual({
      openai: { apiKey: "sk-test" },
      ollama: { url: "http://box:11434" },
      koboldcpp: { url: "http://127.0.0.1:5001" },
    });
    expect(loadEnv({ DATA_DIR: tempDir() }).discoveryPorts).toEqual([11434, 1234, 8000, 8080, 5001]);
  });

  test("the simulator is on by default in development only; SIMULATOR overrides", () => {
    expect(loadEnv({ DATA_DIR: tempDir() }).simulator).toBe(true);
    expect(loadEnv({ DATA_DIR: tempDir(), ENVIRONMENT: "production" }).simulator).toBe(false);
    expect(loadEnv({ DATA_DIR: tempDir(), ENVIRONMENT: "staging" }).simulator).toBe(false);
    expect(loadEnv({ DATA_DIR: tempDir(), ENVIRONMENT: "production", SIMULATOR: "on" }).simulator).toBe(true);
    expect(loadEnv({ DATA_DIR: tempDir(), SIMULATOR: "off" }).simulator).toBe(false);
    expect(() => loadEnv({ DATA_DIR: tempDir(), SIMULATOR: "yes" })).toThrow(
      /Invalid SIMULATOR \(got "yes"\): must be on or off/,
    );
  });

  test("TRUSTED_PROXIES takes addresses and CIDR ranges, and names a bad entry's rule", () => {
    expect(loadEnv({ DATA_DIR: tempDir(), TRUSTED_PROXIES: "10.0.0.1, 172.16.0.0/12,::1" }).trustedProxies).toEqual([
      { address: "10.0.0.1", prefix: 32, family: "ipv4" },
      { address: "172.16.0.0", prefix: 12, family: "ipv4" },
      { address: "::1", prefix: 128, family: "ipv6" },
    ]);
    expect(loadEnv({ DATA_DIR: tempDir() }).trustedProxies).toEqual([]);
    for (const bad of ["proxy.local", "10.0.0.0/33", "10.0.0.0/x"]) {
      expect(() => loadEnv({ DATA_DIR: tempDir(), TRUSTED_PROXIES: bad })).toThrow(
        /Invalid TRUSTED_PROXIES .*: must be comma-separated IP addresses or CIDR ranges/,
      );
    }
  });

  test("generates the secret once, with mode 600, and reuses it", () => {
    const dir = tempDir();
    const first = loadEnv({ DATA_DIR: dir }).secret;
    expect(first).toHaveLength(32);
    const file = path.join(dir, "secret");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadEnv({ DATA_DIR: dir }).secret.equals(first)).toBe(true);
  });

  test("SWITCHYARD_SECRET wins over the file and accepts hex or base64", () => {
    const hex = "ab".repeat(32);
    expect(loadEnv({ DATA_DIR: tempDir(), SWITCHYARD_SECRET: hex }).secret.toString("hex")).toBe(hex);
    const b64 = Buffer.alloc(32, 7).toString("base64");
    expect(loadEnv({ DATA_DIR: tempDir(), SWITCHYARD_SECRET: b64 }).secret.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  test.each([
    [
      { ENVIRONMENT: "prod" },
      /^Invalid ENVIRONMENT \(got "prod"\): must be one of development, staging, production\.$/,
    ],
    [{ PORT: "http" }, /^Invalid PORT \(got "http"\): must be a port number from 1 to 65535\.$/],
    [{ PORT: "70000" }, /^Invalid PORT .*1 to 65535/],
    [{ DATABASE_URL: "mysql://x" }, /^Invalid DATABASE_URL: must start with file: \(SQLite\) or postgresql:\/\//],
    [{ SWITCHYARD_SECRET: "too-short" }, /^Invalid SWITCHYARD_SECRET: must be 32 random bytes/],
    [{ SWITCHYARD_SECRET: "changemechangemechangemechangemechangemecha" }, /^Invalid SWITCHYARD_SECRET/],
    [{ APP_URL: "ftp://files.example" }, /^Invalid APP_URL .*http\(s\) URL/],
  ])("%o stops start-up with one line naming the variable", (vars, message) => {
    const run = () => loadEnv({ DATA_DIR: tempDir(), ...vars });
    expect(run).toThrow(EnvError);
    expect(run).toThrow(message);
  });

  test("the secret's value never appears in its error message", () => {
    const secret = "s3cr3t-value-that-is-wrong";
    expect(() => loadEnv({ SWITCHYARD_SECRET: secret })).toThrow(/^(?!.*s3cr3t)/);
  });

  test("a too-short METRICS_TOKEN is refused without printing it", () => {
    expect(() => loadEnv({ DATA_DIR: tempDir(), METRICS_TOKEN: "tok-short" })).toThrow(/^Invalid METRICS_TOKEN: /);
    expect(() => loadEnv({ DATA_DIR: tempDir(), METRICS_TOKEN: "tok-short" })).toThrow(/^(?!.*tok-short)/);
  });

  test("a damaged secret file is reported, not silently replaced", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "secret"), "garbage");
    expect(() => loadEnv({ DATA_DIR: dir })).toThrow(/does not hold a valid secret/);
    expect(fs.readFileSync(path.join(dir, "secret"), "utf8")).toBe("garbage");
  });
});
