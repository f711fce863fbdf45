"use client";

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
    <nav aria-label="Saved sessions" className="space-y-3 text-sm">
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-semibold">Sessions</h2>
        <button type="button" className={`${secondaryButtonClass} px-2.5 py-1 text-xs`} onClick={onNew}>
          New session
        </button>
      </div>
      <LoadError error={sessions.error} />
      {list.length === 0 ? (
        <p className="text-xs text-zinc-500">
          {canEdit
            ? "No saved sessions yet. A conversation is saved after its first reply."
            : "No saved sessions. Viewers can open sessions others share with them."}
        </p>
      ) : (
        <ul className="max-h-[60vh] space-y-1 overflow-y-auto">
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
      <p>
        <Link href="/playground/log" className="text-brand-600 hover:underline dark:text-brand-100">
          Request log
        </Link>
      </p>
    </nav>
  );
}
