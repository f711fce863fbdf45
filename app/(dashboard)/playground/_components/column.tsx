"use client";

import { isStreaming } from "@/lib/playground/conversation";
import type { ColumnState, FieldErrors } from "@/lib/playground/types";
import type { PlaygroundProvider } from "@/lib/schemas/playground";
import { ColumnOverrides } from "./column-overrides";
import { FallbackList } from "./fallback-list";
import { MessageList, type MessageActions } from "./message-list";
import { TargetFields } from "./target-fields";

const smallSecondary =
  "rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** One playground column: its target, fallbacks, (in compare mode) overrides, and its conversation. */
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
  onAbort,
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
  onAbort: () => void;
}) {
  const n = index + 1;
  const streaming = isStreaming(column);
  return (
    <section
      aria-label={`Column ${n}`}
      className="flex min-w-0 flex-col gap-3 rounded-lg border border-zinc-200 bg-zinc-50/50 p-3 dark:border-zinc-800 dark:bg-zinc-950"
    >
      {compare ? (
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold">Column {n}</h2>
          <div className="flex gap-1">
            {streaming ? (
              <button type="button" className={smallSecondary} onClick={onAbort}>
                Abort<span className="sr-only"> column {n}</span>
              </button>
            ) : null}
            {canSend ? (
              <button type="button" className={smallSecondary} onClick={onRemove} disabled={streaming}>
                Remove column
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
        <FallbackList
          fallbacks={column.fallbacks}
          providers={providers}
          errors={errors}
          onChange={(fallbacks) => onChange((c) => ({ ...c, fallbacks }))}
        />
        {compare ? (
          <ColumnOverrides
            column={n}
            sameSettings={column.sameSettings}
            overrides={column.overrides}
            errors={errors}
            onChange={(sameSettings, overrides) => onChange((c) => ({ ...c, sameSettings, overrides }))}
          />
        ) : null}
      </fieldset>
      <MessageList messages={column.messages} actions={canSend ? actions : undefined} busy={busy} />
    </section>
  );
}
