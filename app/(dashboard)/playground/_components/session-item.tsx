"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { inputClass } from "@/app/_components/ui";
import { shareUrl } from "@/lib/playground/session";
import { useDeletePlaygroundSession, useUpdatePlaygroundSession } from "@/lib/queries/playground";
import type { SessionSummary } from "@/lib/schemas/playground";
import { copyText } from "./clipboard";
import { quietButtonClass } from "./styles";

/** One saved session: open it, rename it inline, share it (copies the link), delete it. */
export function SessionItem({
  session: s,
  isActive,
  canEdit,
  onOpen,
  onDeleted,
}: {
  session: SessionSummary;
  isActive: boolean;
  canEdit: boolean;
  onOpen: () => void;
  onDeleted: () => void;
}) {
  const inputId = useId();
  const [title, setTitle] = useState<string | null>(null);
  const update = useUpdatePlaygroundSession();
  const remove = useDeletePlaygroundSession();

  function rename() {
    const next = title?.trim() ?? "";
    if (!next || next === s.title) return setTitle(null);
    update.mutate(
      { id: s.id, body: { title: next } },
      { onSuccess: () => setTitle(null), onError: (err) => toast.error(err.message) },
    );
  }

  function share() {
    if (!s.shared) {
      // Copied at once, inside the click: browsers only allow clipboard writes during the user's gesture.
      const url = shareUrl(window.location.origin, s.id);
      void copyText(url, "Share link copied: any signed-in user can read this session.").then(
        (copied) => copied || toast.info(`Share link: ${url}`),
      );
    }
    update.mutate(
      { id: s.id, body: { shared: !s.shared } },
      {
        onSuccess: (saved) => (saved.shared ? undefined : void toast.success(`“${saved.title}” is no longer shared.`)),
        onError: (err) => toast.error(`Could not change sharing: ${err.message}`),
      },
    );
  }

  function del() {
    if (!window.confirm(`Delete the session “${s.title}”? This cannot be undone.`)) return;
    remove.mutate(s.id, {
      onSuccess: () => {
        toast.success(`Deleted “${s.title}”.`);
        onDeleted();
      },
      onError: (err) => toast.error(err.message),
    });
  }

  if (title !== null) {
    return (
      <li className="space-y-1 rounded-md p-1">
        <label htmlFor={inputId} className="sr-only">
          Session title
        </label>
        <input
          id={inputId}
          className={`${inputClass} py-1`}
          value={title}
          maxLength={120}
          autoFocus
          disabled={update.isPending}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") rename();
            if (e.key === "Escape") setTitle(null);
          }}
        />
        <div className="flex gap-1">
          <button type="button" className={quietButtonClass} onClick={rename} disabled={update.isPending}>
            Save title
          </button>
          <button type="button" className={quietButtonClass} onClick={() => setTitle(null)}>
            Cancel rename
          </button>
        </div>
      </li>
    );
  }

  return (
    <li
      className={`group rounded-md p-1 ${isActive ? "bg-zinc-100 dark:bg-zinc-800" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"}`}
    >
      <button
        type="button"
        onClick={onOpen}
        aria-current={isActive ? "page" : undefined}
        className="block w-full truncate rounded px-1.5 py-1 text-left text-sm font-medium"
        title={s.title}
      >
        {s.title}
      </button>
      {s.shared ? <span className="px-1.5 text-xs text-zinc-500">Shared · anyone signed in can read it</span> : null}
      {canEdit ? (
        <div className="flex flex-wrap gap-0.5 px-1">
          <button type="button" className={quietButtonClass} onClick={() => setTitle(s.title)}>
            Rename
          </button>
          <button
            type="button"
            className={quietButtonClass}
            aria-pressed={s.shared}
            onClick={share}
            disabled={update.isPending}
          >
            Share
          </button>
          <button type="button" className={quietButtonClass} onClick={del} disabled={remove.isPending}>
            Delete
          </button>
        </div>
      ) : null}
    </li>
  );
}
