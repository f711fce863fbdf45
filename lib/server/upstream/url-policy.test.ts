import { expect, test } from "vitest";
import { isBlockedAddress } from "./url-policy";

test.each([
  ["169.254.169.254", true],
  ["169.254.0.1", true],
  ["::ffff:169.254.169.254", true],
  ["[::ffff:a9fe:a9fe]", true], // how new URL() spells the mapped form
  ["::ffff:a9fe:1", true],
  ["fd00:ec2::254", true],
  ["fe80::1", true],
  ["64:ff9b::a9fe:a9fe", true],
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
