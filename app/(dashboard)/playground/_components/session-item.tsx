"use client";

import { Pencil, Share2, Trash2, type LucideIcon } from "lucide-react";
import { useId, useState } from "react";
import { RelativeTime } from "@/app/_components/relative-time";
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

  if (title !== null)
    return (
      <RenameForm
        title={title}
        isSaving={update.isPending}
        onChange={setTitle}
        onSave={rename}
        onCancel={() => setTitle(null)}
      />
    );

  return (
    <li
      className={`group relative min-w-0 rounded-md ${isActive ? "bg-zinc-100 dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
    >
      <button
        type="button"
        onClick={onOpen}
        aria-current={isActive ? "page" : undefined}
        className="block w-full min-w-0 rounded px-2 py-1.5 text-left"
        title={s.title}
      >
        <span className="block truncate text-sm font-medium">{s.title}</span>
        <span className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          {s.shared ? (
            <>
              <Share2 aria-hidden="true" size={11} />
              <span>Shared ·</span>
            </>
          ) : null}
          <RelativeTime iso={s.updatedAt} />
          {s.shared ? <span className="sr-only">, anyone signed in can read it</span> : null}
        </span>
      </button>
      {canEdit ? (
        // On the line of the time (short), shown on hover or focus: always on touch screens and for the open session.
        <span
          className={`absolute bottom-0.5 right-1 flex ${isActive ? "" : "lg:opacity-0 lg:group-focus-within:opacity-100 lg:group-hover:opacity-100"}`}
        >
          <SessionAction icon={Pencil} label="Rename" title="Rename" onClick={() => setTitle(s.title)} />
          <SessionAction
            icon={Share2}
            label="Share"
            title={s.shared ? "Shared: click to stop sharing" : "Share a read-only link"}
            aria-pressed={s.shared}
            onClick={share}
            disabled={update.isPending}
          />
          <SessionAction icon={Trash2} label="Delete" title="Delete" onClick={del} disabled={remove.isPending} />
        </span>
      ) : null}
    </li>
  );
}

const actionClass =
  "inline-flex size-6 items-center justify-center rounded text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 disabled:opacity-50 aria-pressed:text-brand-600 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-white dark:aria-pressed:text-brand-100";

/** One of a session's icon actions (Rename, Share, Delete), named for screen readers by `label`. */
function SessionAction({
  icon: Icon,
  label,
  ...button
}: { icon: LucideIcon; label: string } & Omit<
  React.ButtonHTMLAttributes<HTMLButtonElement>,
  "type" | "className" | "aria-label" | "children"
>) {
  return (
    <button type="button" className={actionClass} aria-label={label} {...button}>
      <Icon aria-hidden="true" size={14} />
    </button>
  );
}

/** Renaming in place: Enter or Save title saves, Escape or Cancel rename keeps the old title. */
function RenameForm({
  title,
  isSaving,
  onChange,
  onSave,
  onCancel,
}: {
  title: string;
  isSaving: boolean;
  onChange: (title: string) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  const inputId = useId();
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
        disabled={isSaving}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") onSave();
          if (e.key === "Escape") onCancel();
        }}
      />
      <div className="flex gap-1">
        <button type="button" className={quietButtonClass} onClick={onSave} disabled={isSaving}>
          Save title
        </button>
        <button type="button" className={quietButtonClass} onClick={onCancel}>
          Cancel rename
        </button>
      </div>
    </li>
  );
}
