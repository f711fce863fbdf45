import { expect, test } from "vitest";
import { assertOutboundUrlAllowed, isBlockedAddress } from "./url-policy";

process.env.SWITCHYARD_SECRET ??= "0".repeat(64);

test.each([
  ["169.254.169.254", true],
  ["169.254.0.1", true],
  ["::ffff:169.254.169.254", true],
  ["[::ffff:a9fe:a9fe]", true], // how new URL() spells the mapped form
  ["::ffff:a9fe:1", true],
  ["fd00:ec2::254", true],
  ["fe80::1", true],
  ["64:ff9b::a9fe:a9fe", true],
  ["100.100.100.200", true], // Alibaba Cloud metadata
  ["::ffff:100.100.100.200", true],
  ["64:ff9b::6464:64c8", true],
  ["192.0.0.192", true], // Oracle Cloud (classic)
  ["100.100.100.201", false],
  ["127.0.0.1", false],
  ["::1", false],
  ["::ffff:7f00:1", false],
  ["10.0.0.5", false],
  ["192.168.1.20", false],
  ["fd00:ec2::253", false],
  ["localhost", false],
])("%s blocked: %s", (address, blocked) => {
  expect(isBlockedAddress(address)).toBe(blocked);
});

test("a URL spelling the metadata address as IPv4-mapped IPv6 resolves to a blocked host", () => {
  const host = new URL("http://[::ffff:169.254.169.254]/latest").hostname;
  expect(host).toBe("[::ffff:a9fe:a9fe]");
  expect(isBlockedAddress(host)).toBe(true);
});

test.each([
  "http://metadata.google.internal/v1",
  "http://METADATA.GOOGLE.INTERNAL./v1",
  "http://Metadata.Goog../computeMetadata/v1",
  "http://instance-data/latest/meta-data",
  "http://metadata.tencentyun.com/latest",
  "http://100.100.100.200/latest/meta-data",
  "http://[::ffff:100.100.100.200]/latest",
])("%s is refused on save, in any case and with a trailing dot", async (url) => {
  await expect(assertOutboundUrlAllowed(url)).rejects.toThrow(/link-local or cloud-metadata address/);
});

test("ordinary local and private hosts stay allowed", async () => {
  for (const url of ["http://localhost:11434/v1", "http://192.168.1.20:8000/v1", "http://ollama.:11434/v1"]) {
    await expect(assertOutboundUrlAllowed(url)).resolves.toBeUndefined();
  }
});
