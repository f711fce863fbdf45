"use client";

import { Eye, Paperclip, SendHorizontal, Square, X } from "lucide-react";
import { useId, useState } from "react";
import { FieldError, buttonClass, secondaryButtonClass } from "@/app/_components/ui";
import { IMAGE_TYPES, MAX_IMAGES, readImageFile } from "@/lib/playground/image";
import { ImageThumbnails } from "./user-message";

/**
 * The one message box, fixed under the conversation: its text (and images) go to every
 * column. Ctrl/Cmd+Enter sends; Stop shows while any column streams. `onSend` answers
 * false when nothing was sent (a field needs fixing), so the text stays for another try.
 * Viewers get an explicit read-only notice instead of a box they cannot use.
 */
export function Composer({
  canSend,
  busy,
  compare,
  blockedHint,
  onSend,
  onStop,
}: {
  canSend: boolean;
  busy: boolean;
  compare: boolean;
  /** Why Send waits (unanswered tool calls); the text can still be typed. */
  blockedHint: string | null;
  onSend: (content: string, images: string[]) => boolean;
  onStop: () => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const attachments = useImageAttachments();
  const { images, imageError } = attachments;
  const isEmpty = !text.trim() && images.length === 0;

  const isDisabled = !canSend || busy || isEmpty || attachments.isReading || !!blockedHint;

  if (!canSend) return <ReadOnlyNotice />;

  function send() {
    if (isDisabled) return;
    if (onSend(text, images)) {
      setText("");
      attachments.clear();
    }
  }

  return (
    <div className="relative mx-auto w-full max-w-3xl space-y-1.5">
      {images.length ? <ImagesToSend images={images} onRemove={attachments.remove} /> : null}
      <div className="flex items-end gap-2 rounded-xl border border-zinc-300 bg-white p-1.5 shadow-sm focus-within:border-brand-500 dark:border-zinc-700 dark:bg-zinc-900">
        <input
          key={attachments.fileKey}
          id={`${id}-image`}
          type="file"
          accept={IMAGE_TYPES.join(",")}
          multiple
          aria-label="Attach image"
          disabled={images.length >= MAX_IMAGES}
          aria-describedby={imageError ? `${id}-image-error` : undefined}
          className="sr-only"
          onChange={(e) => void attachments.attach(e.target.files)}
        />
        <label
          htmlFor={`${id}-image`}
          title="Attach an image"
          className="inline-flex size-9 shrink-0 cursor-pointer items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          <Paperclip aria-hidden="true" size={18} />
        </label>
        <label htmlFor={`${id}-message`} className="sr-only">
          Message
        </label>
        <textarea
          id={`${id}-message`}
          rows={1}
          className="max-h-48 min-h-9 flex-1 resize-none bg-transparent px-1 py-2 text-sm outline-none [field-sizing:content] placeholder:text-zinc-400"
          value={text}
          placeholder={compare ? "Message every column…" : "Message…"}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
        />
        {busy ? (
          <button type="button" className={`${secondaryButtonClass} h-9 px-3`} onClick={onStop}>
            <Square aria-hidden="true" size={14} />
            Stop
          </button>
        ) : null}
        <button
          type="button"
          className={`${buttonClass} h-9 px-3`}
          onClick={send}
          disabled={isDisabled}
          aria-describedby={blockedHint ? `${id}-blocked` : undefined}
        >
          <SendHorizontal aria-hidden="true" size={16} />
          Send
        </button>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-x-3 px-1 text-xs text-zinc-500">
        <p id={`${id}-hint`} className="max-sm:sr-only">
          Ctrl+Enter (⌘+Enter on a Mac) sends{compare ? " to every column" : ""}.
        </p>
        {blockedHint ? (
          <p id={`${id}-blocked`} role="status" className="text-amber-800 dark:text-amber-200">
            {blockedHint}
          </p>
        ) : null}
      </div>
      <FieldError id={`${id}-image-error`} message={imageError ?? undefined} />
    </div>
  );
}

/**
 * The images attached to the next message (at most MAX_IMAGES), read as data URLs. While a
 * file is read Send waits (sending before it lands would silently drop the image).
 */
function useImageAttachments() {
  const [images, setImages] = useState<string[]>([]);
  const [imageError, setImageError] = useState<string | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [isReading, setIsReading] = useState(false);

  async function attach(files: FileList | null) {
    const list = [...(files ?? [])];
    setFileKey((k) => k + 1); // a fresh input, so the same file can be picked again after removal
    if (list.length === 0) return;
    const room = MAX_IMAGES - images.length;
    setIsReading(true);
    const results = await Promise.all(list.slice(0, Math.max(room, 0)).map(readImageFile));
    setIsReading(false);
    const added = results.flatMap((r) => (r.ok ? [r.dataUrl] : []));
    const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
    if (list.length > room) errors.push(`At most ${MAX_IMAGES} images per message`);
    setImages((current) => [...current, ...added].slice(0, MAX_IMAGES));
    setImageError(errors.length ? `Attach image: ${errors.join("; ")}` : null);
  }

  return {
    images,
    imageError,
    /** Keys the file input: a new key is a fresh input. */
    fileKey,
    isReading,
    attach,
    remove: (i: number) => setImages((list) => list.filter((_, j) => j !== i)),
    /** After a send: nothing attached, no error. */
    clear: () => {
      setImages([]);
      setImageError(null);
    },
  };
}

/** Viewers get an explicit read-only notice instead of a box they cannot use. */
function ReadOnlyNotice() {
  return (
    <p
      role="note"
      className="flex items-center gap-2 rounded-md bg-zinc-100 px-3 py-2.5 text-sm text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
    >
      <Eye aria-hidden="true" size={16} className="shrink-0" />
      <span>
        <strong className="font-medium">Read-only.</strong> Viewers cannot send messages — ask an admin for the member
        role. You can read your team&apos;s shared sessions.
      </span>
    </p>
  );
}

/** The images to send, each with its Remove button. */
function ImagesToSend({ images, onRemove }: { images: string[]; onRemove: (i: number) => void }) {
  return (
    <div className="flex flex-wrap items-end gap-2">
      <ImageThumbnails images={images} alt="Image to send" />
      {images.map((_, i) => (
        <button
          key={i}
          type="button"
          className="inline-flex items-center gap-0.5 text-xs text-red-700 hover:underline dark:text-red-300"
          onClick={() => onRemove(i)}
        >
          <X aria-hidden="true" size={12} />
          Remove image {i + 1}
        </button>
      ))}
    </div>
  );
}
