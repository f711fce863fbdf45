"use client";

import { ChevronDown, Square, X } from "lucide-react";
import { useState } from "react";
import { isStreaming } from "@/lib/playground/conversation";
import type { ColumnState, FieldErrors } from "@/lib/playground/types";
import type { PlaygroundProvider } from "@/lib/schemas/playground";
import { ColumnOverrides } from "./column-overrides";
import { FallbackList } from "./fallback-list";
import { MessageList, type MessageActions } from "./message-list";
import { quietButtonClass } from "./styles";
import { TargetFields } from "./target-fields";

/**
 * One conversation column: its target (provider + model) and fallbacks on top, sticking
 * there while the conversation scrolls, then the messages. In compare mode it also has its
 * own settings switch, Stop and Remove.
 */
export function Column({
  index,
  column,
  providers,
  errors,
  compare,
  canSend,
  busy,
  actions,
  onChange,
  onRemove,
  onStop,
}: {
  index: number;
  column: ColumnState;
  providers: PlaygroundProvider[];
  errors: FieldErrors;
  compare: boolean;
  canSend: boolean;
  busy: boolean;
  actions: MessageActions;
  onChange: (update: (c: ColumnState) => ColumnState) => void;
  onRemove: () => void;
  onStop: () => void;
}) {
  const n = index + 1;
  const streaming = isStreaming(column);
  const fallbackErrors = Object.keys(errors).some((k) => k.startsWith("fallback-"));
  const [showFallbacks, setShowFallbacks] = useState(column.fallbacks.length > 0);
  const fallbacksOpen = showFallbacks || fallbackErrors;
  return (
    <section aria-label={`Column ${n}`} className="flex min-w-0 flex-col">
      <div className="sticky top-0 z-10 space-y-2 border-b border-zinc-200 bg-zinc-50/95 px-3 py-2 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95">
        {compare ? (
          <div className="flex items-center justify-between gap-2">
            <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Column {n}</h2>
            <div className="flex gap-1">
              {streaming ? (
                <button type="button" className={`${quietButtonClass} inline-flex items-center gap-1`} onClick={onStop}>
                  <Square aria-hidden="true" size={12} />
                  Stop<span className="sr-only"> column {n}</span>
                </button>
              ) : null}
              {canSend ? (
                <button
                  type="button"
                  className={`${quietButtonClass} inline-flex items-center gap-1`}
                  onClick={onRemove}
                  disabled={streaming}
                >
                  <X aria-hidden="true" size={12} />
                  Remove column<span className="sr-only"> {n}</span>
                </button>
              ) : null}
            </div>
          </div>
        ) : null}
        <fieldset disabled={!canSend || streaming} className="min-w-0 space-y-2">
          <legend className="sr-only">Target of column {n}</legend>
          <TargetFields
            providerLabel="Provider"
            modelLabel="Model"
            value={column.target}
            providers={providers}
            errors={{ provider: errors.provider, model: errors.model }}
            onChange={(target) => onChange((c) => ({ ...c, target }))}
          />
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <button
              type="button"
              className="inline-flex items-center gap-1 text-xs font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
              aria-expanded={fallbacksOpen}
              onClick={() => setShowFallbacks(!fallbacksOpen)}
            >
              <ChevronDown
                aria-hidden="true"
                size={14}
                className={`transition-transform ${fallbacksOpen ? "" : "-rotate-90"}`}
              />
              Fallbacks{column.fallbacks.length ? ` (${column.fallbacks.length})` : ""}
            </button>
            {compare ? (
              <ColumnOverrides
                column={n}
                sameSettings={column.sameSettings}
                overrides={column.overrides}
                errors={errors}
                onChange={(sameSettings, overrides) => onChange((c) => ({ ...c, sameSettings, overrides }))}
              />
            ) : null}
          </div>
          {fallbacksOpen ? (
            <FallbackList
              fallbacks={column.fallbacks}
              providers={providers}
              errors={errors}
              onChange={(fallbacks) => onChange((c) => ({ ...c, fallbacks }))}
            />
          ) : null}
        </fieldset>
      </div>
      <div className={`min-w-0 flex-1 px-3 py-4 ${compare ? "" : "mx-auto w-full max-w-3xl"}`}>
        <MessageList messages={column.messages} actions={canSend ? actions : undefined} busy={busy} />
      </div>
    </section>
  );
}
