"use client";

import { useEffect } from "react";
import { FormAlert, secondaryButtonClass } from "@/app/_components/ui";
import { MAX_COMPARE_COLUMNS, type PlaygroundProvider, type SessionDetail } from "@/lib/schemas/playground";
import { Column } from "./column";
import { Composer } from "./composer";
import { SettingsPanel } from "./settings-panel";
import { columnGridClass } from "./styles";
import { useWorkspace } from "./use-workspace";

/** The chat area: toolbar, shared settings, the columns side by side, and the message box. */
export function Workspace({
  session,
  providers,
  canSend,
  onSaved,
  onCleared,
  onBusyChange,
}: {
  session: SessionDetail | null;
  providers: PlaygroundProvider[];
  canSend: boolean;
  onSaved: (id: string) => void;
  onCleared: () => void;
  /** Whether a reply is streaming (the page asks before leaving it). */
  onBusyChange: (busy: boolean) => void;
}) {
  const ws = useWorkspace({ session, providers, canSend, onSaved });
  const { busy } = ws;
  useEffect(() => {
    onBusyChange(busy);
    return () => onBusyChange(false);
  }, [busy, onBusyChange]);
  const compare = ws.columns.length > 1;
  const problems = [
    ...Object.values(ws.settingsErrors),
    ...Object.values(ws.columnErrors).flatMap((e) => Object.values(e)),
  ].filter((m): m is string => !!m);

  return (
    <div className="min-w-0 space-y-4">
      {session && !session.isOwner ? (
        <p className="rounded-md bg-brand-50 px-3 py-2 text-sm dark:bg-zinc-900">
          {session.ownerName}&apos;s shared session “{session.title}”.{" "}
          {canSend ? "What you send here is saved as a new session of your own." : null}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          aria-pressed={compare}
          disabled={!canSend || ws.busy}
          onClick={() => ws.setCompare(!compare)}
        >
          Compare side by side
        </button>
        {compare && canSend ? (
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={ws.busy || ws.columns.length >= MAX_COMPARE_COLUMNS}
            onClick={ws.addColumn}
          >
            Add column
          </button>
        ) : null}
        <span className="flex-1" />
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={!canSend || !ws.canRegenerate}
          onClick={ws.regenerate}
        >
          Regenerate
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={!ws.hasMessages}
          onClick={() => {
            ws.clear();
            onCleared();
          }}
        >
          Clear conversation
        </button>
      </div>
      <SettingsPanel draft={ws.settings} errors={ws.settingsErrors} disabled={!canSend} onChange={ws.setSettings} />
      <div className={columnGridClass(ws.columns.length)}>
        {ws.columns.map((column, i) => (
          <Column
            key={column.id}
            index={i}
            column={column}
            providers={providers}
            errors={ws.columnErrors[column.id] ?? {}}
            compare={compare}
            canSend={canSend}
            busy={ws.busy}
            actions={ws.actions}
            onChange={(update) => ws.updateColumn(column.id, update)}
            onRemove={() => ws.removeColumn(column.id)}
            onAbort={() => ws.stop(column.id)}
          />
        ))}
      </div>
      {problems.length ? <FormAlert message={`Nothing was sent. ${problems.join(". ")}.`} /> : null}
      <Composer
        canSend={canSend}
        busy={ws.busy}
        blockedHint={ws.awaitingTools ? "Answer the tool calls first, or clear them with Clear conversation." : null}
        onSend={ws.send}
        onStop={() => ws.stop()}
      />
    </div>
  );
}
