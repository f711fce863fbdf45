"use client";

import { memo, useId, useState } from "react";
import { buttonClass, inputClass, labelClass, secondaryButtonClass } from "@/app/_components/ui";
import type { UserMessage as UserMessageType } from "@/lib/playground/types";

/** Attached images as small thumbnails (data URLs: nothing for next/image to optimise). */
export function ImageThumbnails({ images, alt }: { images: string[]; alt: string }) {
  return (
    <div className="flex flex-wrap gap-2">
      {images.map((src, i) => (
        // eslint-disable-next-line @next/next/no-img-element -- a data URL preview
        <img key={i} src={src} alt={`${alt} ${i + 1}`} className="h-16 w-16 rounded border object-cover" />
      ))}
    </div>
  );
}

/** A user turn; "Edit" rewrites it and resends the conversation from there. Memoised (see MessageList). */
export const UserMessage = memo(function UserMessage({
  message,
  ordinal,
  canEdit,
  onEdit,
}: {
  message: UserMessageType;
  /** Which user message of the conversation this is (0-based): edits apply to it in every column. */
  ordinal: number;
  canEdit: boolean;
  /** False when nothing was sent (a setting needs fixing): the draft stays open. */
  onEdit: (ordinal: number, content: string) => boolean;
}) {
  const fieldId = useId();
  const [draft, setDraft] = useState<string | null>(null);

  function save() {
    if (draft === null || (!draft.trim() && !message.images?.length)) return;
    if (onEdit(ordinal, draft)) setDraft(null);
  }

  return (
    <div
      data-testid="user-message"
      className={`ml-auto space-y-2 rounded-2xl bg-brand-50 px-4 py-2.5 text-sm dark:bg-zinc-800 ${draft === null ? "w-fit max-w-[85%]" : "w-full"}`}
    >
      {draft === null ? (
        <>
          <p className="whitespace-pre-wrap break-words">{message.content}</p>
          {message.images?.length ? <ImageThumbnails images={message.images} alt="Attached image" /> : null}
          {canEdit ? (
            <button
              type="button"
              className="text-xs font-medium text-brand-600 hover:underline dark:text-brand-100"
              onClick={() => setDraft(message.content)}
            >
              Edit
            </button>
          ) : null}
        </>
      ) : (
        <>
          <label htmlFor={fieldId} className={labelClass}>
            Revised text
          </label>
          <textarea
            id={fieldId}
            rows={3}
            className={inputClass}
            value={draft}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setDraft(null);
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                save();
              }
            }}
          />
          <p className="text-xs text-zinc-500">Replies after this message are replaced.</p>
          <div className="flex gap-2">
            <button type="button" className={buttonClass} onClick={save} disabled={!canEdit}>
              Save and rerun
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setDraft(null)}>
              Cancel edit
            </button>
          </div>
        </>
      )}
    </div>
  );
});
