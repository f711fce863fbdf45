"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/gateway", label: "Routes" },
  { href: "/gateway/keys", label: "Keys" },
  { href: "/gateway/connect", label: "Connect your app" },
  { href: "/gateway/usage", label: "Usage" },
  { href: "/gateway/readiness", label: "Switch readiness" },
];

/** The gateway's pages, one tab each. */
export function GatewayTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Gateway" className="mb-6 flex flex-wrap gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map(({ href, label }) => {
        const active = pathname === href;
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              active
                ? "border-brand-600 text-zinc-900 dark:text-zinc-100"
                : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            }`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
