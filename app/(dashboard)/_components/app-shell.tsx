"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeftRight, Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/lib/queries/api-client";
import type { Role } from "@/lib/auth/roles";
import { ThemeToggle } from "./theme-toggle";

const NAV = [
  { href: "/matrix", label: "Matrix" },
  { href: "/providers", label: "Providers" },
  { href: "/playground", label: "Playground" },
  { href: "/gateway", label: "Gateway" },
  { href: "/settings", label: "Settings" },
] as const;

type ShellUser = { name: string; email: string; role: Role };

/** The frame around every signed-in page: skip link, header with navigation, main landmark. */
export function AppShell({ user, children }: { user: ShellUser; children: React.ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [menuOpen, setMenuOpen] = useState(false);

  async function signOut() {
    try {
      await apiFetch("/api/auth/sign-out", { method: "POST", body: {} });
      // The next account to sign in on this tab must not see this one's cached providers, users…
      queryClient.clear();
      router.replace("/sign-in");
      router.refresh();
    } catch (err) {
      toast.error(err instanceof Error ? err.message : "Could not sign out.");
    }
  }

  const links = NAV.map(({ href, label }) => {
    const active = pathname === href || pathname.startsWith(`${href}/`);
    return (
      <Link
        key={href}
        href={href}
        aria-current={active ? "page" : undefined}
        onClick={() => setMenuOpen(false)}
        className={`rounded-md px-3 py-2 text-sm font-medium ${
          active
            ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-white"
            : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-900 dark:hover:text-white"
        }`}
      >
        {label}
      </Link>
    );
  });

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 h-[var(--app-header)] border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
        <div className="mx-auto flex h-15 max-w-[96rem] items-center gap-4 px-4">
          <Link href="/matrix" className="flex items-center gap-2 text-base font-semibold tracking-tight">
            <span
              aria-hidden="true"
              className="inline-flex size-7 items-center justify-center rounded-md bg-brand-600 text-white"
            >
              <ArrowLeftRight size={16} strokeWidth={2.5} />
            </span>
            Switchyard
          </Link>
          <nav aria-label="Main" className="hidden gap-1 md:flex">
            {links}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <ThemeToggle />
            <span className="hidden text-right text-xs leading-tight sm:block">
              <span className="block font-medium">{user.name}</span>
              <span className="block text-zinc-500" data-testid="current-role">
                {user.role}
              </span>
            </span>
            <button
              type="button"
              onClick={signOut}
              className="rounded-md px-3 py-2 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              Sign out
            </button>
            <button
              type="button"
              className="inline-flex size-9 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 md:hidden dark:text-zinc-200 dark:hover:bg-zinc-800"
              aria-expanded={menuOpen}
              aria-controls="mobile-nav"
              aria-label="Menu"
              onClick={() => setMenuOpen((o) => !o)}
            >
              {menuOpen ? <X aria-hidden="true" size={20} /> : <Menu aria-hidden="true" size={20} />}
            </button>
          </div>
        </div>
        {menuOpen ? (
          <nav
            id="mobile-nav"
            aria-label="Main (mobile)"
            className="absolute inset-x-0 top-full flex flex-col gap-1 border-b border-zinc-200 bg-white px-4 py-2 shadow-lg md:hidden dark:border-zinc-800 dark:bg-zinc-950"
          >
            {links}
          </nav>
        ) : null}
      </header>
      <main id="main" className="mx-auto max-w-[96rem] px-4 py-6">
        {children}
      </main>
    </div>
  );
}
