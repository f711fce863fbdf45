"use client";

import { ScrollText, SquarePen } from "lucide-react";
import Link from "next/link";
import { LoadError, secondaryButtonClass } from "@/app/_components/ui";
import { usePlaygroundSessions } from "@/lib/queries/playground";
import type { SessionSummary } from "@/lib/schemas/playground";
import { SessionItem } from "./session-item";

/** The caller's saved sessions, newest first, and the way to the request log. */
export function SessionsNav({
  initialSessions,
  activeId,
  opening,
  canEdit,
  onOpen,
  onNew,
  onDeleted,
}: {
  initialSessions: SessionSummary[];
  activeId: string | null;
  /** The id being fetched, for a "Opening…" hint. */
  opening: string | null;
  canEdit: boolean;
  onOpen: (id: string) => void;
  onNew: () => void;
  onDeleted: (id: string) => void;
}) {
  const sessions = usePlaygroundSessions(initialSessions);
  const list = sessions.data ?? [];
  return (
    <nav aria-label="Saved sessions" className="flex min-h-0 flex-1 flex-col gap-3 p-3 text-sm">
      <button type="button" className={`${secondaryButtonClass} w-full`} onClick={onNew}>
        <SquarePen aria-hidden="true" size={16} />
        New session
      </button>
      <h2 className="px-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Sessions</h2>
      <LoadError error={sessions.error} />
      {list.length === 0 ? (
        <p className="text-xs text-zinc-500">
          {canEdit
            ? "No saved sessions yet. A conversation is saved after its first reply."
            : "No saved sessions. Viewers can open sessions others share with them."}
        </p>
      ) : (
        <ul className="-mx-1 min-h-0 flex-1 space-y-0.5 overflow-y-auto px-1">
          {list.map((s) => (
            <SessionItem
              key={s.id}
              session={s}
              isActive={s.id === activeId}
              canEdit={canEdit}
              onOpen={() => onOpen(s.id)}
              onDeleted={() => onDeleted(s.id)}
            />
          ))}
        </ul>
      )}
      {opening ? (
        <p role="status" className="text-xs text-zinc-500">
          Opening…
        </p>
      ) : null}
      <p className="mt-auto border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <Link
          href="/playground/log"
          className="inline-flex items-center gap-1.5 px-1 text-brand-600 hover:underline dark:text-brand-100"
        >
          <ScrollText aria-hidden="true" size={14} />
          Request log
        </Link>
      </p>
    </nav>
  );
}
