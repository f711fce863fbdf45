"use client";

import { useId, useState } from "react";
import { FieldError, buttonClass, inputClass, labelClass, secondaryButtonClass } from "@/app/_components/ui";
import { IMAGE_TYPES, MAX_IMAGES, readImageFile } from "@/lib/playground/image";
import { ImageThumbnails } from "./user-message";

/**
 * The one message box: its text (and images) go to every column. Ctrl/Cmd+Enter sends;
 * Stop shows while any column streams. `onSend` answers false when nothing was sent
 * (a field needs fixing), so the text stays for another try.
 */
export function Composer({
  canSend,
  busy,
  blockedHint,
  onSend,
  onStop,
}: {
  canSend: boolean;
  busy: boolean;
  /** Why Send waits (unanswered tool calls); the text can still be typed. */
  blockedHint: string | null;
  onSend: (content: string, images: string[]) => boolean;
  onStop: () => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [images, setImages] = useState<string[]>([]);
  const [imageError, setImageError] = useState<string | null>(null);
  const [fileKey, setFileKey] = useState(0);
  // Reading a file is asynchronous; sending before it lands would silently drop the image.
  const [isReading, setIsReading] = useState(false);
  const isEmpty = !text.trim() && images.length === 0;

  const isDisabled = !canSend || busy || isEmpty || isReading || !!blockedHint;

  function send() {
    if (isDisabled) return;
    if (onSend(text, images)) {
      setText("");
      setImages([]);
      setImageError(null);
    }
  }

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

  return (
    <div className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      {!canSend ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          Viewers cannot send messages — ask an admin for the member role.
        </p>
      ) : null}
      <label htmlFor={`${id}-message`} className={labelClass}>
        Message
      </label>
      <textarea
        id={`${id}-message`}
        rows={3}
        className={inputClass}
        value={text}
        disabled={!canSend}
        placeholder="Ask something…"
        aria-describedby={`${id}-hint`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send();
          }
        }}
      />
      <p id={`${id}-hint`} className="text-xs text-zinc-500">
        Ctrl+Enter (⌘+Enter on a Mac) sends. The message goes to every column.
      </p>
      {images.length ? (
        <div className="flex flex-wrap items-end gap-2">
          <ImageThumbnails images={images} alt="Image to send" />
          {images.map((_, i) => (
            <button
              key={i}
              type="button"
              className="text-xs text-red-700 hover:underline dark:text-red-300"
              onClick={() => setImages((list) => list.filter((__, j) => j !== i))}
            >
              Remove image {i + 1}
            </button>
          ))}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <label htmlFor={`${id}-image`} className="text-sm text-zinc-700 dark:text-zinc-300">
            Attach image
          </label>{" "}
          <input
            key={fileKey}
            id={`${id}-image`}
            type="file"
            accept={IMAGE_TYPES.join(",")}
            multiple
            disabled={!canSend || images.length >= MAX_IMAGES}
            aria-describedby={imageError ? `${id}-image-error` : undefined}
            className="text-sm file:mr-2 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-2 file:py-1 file:text-sm dark:file:border-zinc-700 dark:file:bg-zinc-900"
            onChange={(e) => void attach(e.target.files)}
          />
          <FieldError id={`${id}-image-error`} message={imageError ?? undefined} />
        </div>
        <div className="flex items-center gap-2">
          {blockedHint && canSend ? (
            <p id={`${id}-blocked`} role="status" className="text-xs text-amber-800 dark:text-amber-200">
              {blockedHint}
            </p>
          ) : null}
          {busy ? (
            <button type="button" className={secondaryButtonClass} onClick={onStop}>
              Stop
            </button>
          ) : null}
          <button
            type="button"
            className={buttonClass}
            onClick={send}
            disabled={isDisabled}
            aria-describedby={blockedHint && canSend ? `${id}-blocked` : undefined}
          >
            Send
          </button>
        </div>
      </div>
    </div>
  );
}
