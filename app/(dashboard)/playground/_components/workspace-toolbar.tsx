"use client";

import { Columns2, PanelLeft, PanelRight, Plus, RotateCcw, Trash2, type LucideIcon } from "lucide-react";
import { MAX_COMPARE_COLUMNS, type SessionDetail } from "@/lib/schemas/playground";
import { toggled, type PanelState } from "./side-panel";
import { toolButtonClass } from "./styles";
import type { WorkspaceState } from "./use-workspace";

/** A toolbar action: its icon, and its word on wide screens (`label` names it for screen readers). */
function ToolButton({
  icon: Icon,
  text,
  label,
  ...button
}: {
  icon: LucideIcon;
  text: string;
  label: string;
} & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, "type" | "className" | "aria-label" | "children">) {
  return (
    <button type="button" className={toolButtonClass} aria-label={label} {...button}>
      <Icon aria-hidden="true" size={16} />
      <span className="max-lg:hidden">{text}</span>
    </button>
  );
}

/**
 * The chat's toolbar: the sessions rail, the page's title (and whose session this is),
 * compare and add column, regenerate, clear, and the parameters panel.
 */
export function WorkspaceToolbar({
  ws,
  session,
  canSend,
  compare,
  sessionsOpen,
  settingsPanel,
  onToggleSessions,
  onToggleSettings,
  onCleared,
}: {
  ws: WorkspaceState;
  session: SessionDetail | null;
  canSend: boolean;
  /** Whether 2–4 columns are side by side. */
  compare: boolean;
  sessionsOpen: PanelState;
  settingsPanel: PanelState;
  onToggleSessions: () => void;
  onToggleSettings: (next: PanelState) => void;
  onCleared: () => void;
}) {
  return (
    <div className="flex items-center gap-1 border-b border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
      <ToolButton
        icon={PanelLeft}
        text="Sessions"
        label="Sessions"
        aria-expanded={sessionsOpen ?? undefined}
        onClick={onToggleSessions}
        title="Show or hide the sessions"
      />
      <h1 className="mx-1 truncate text-base font-semibold">Playground</h1>
      {session && !session.isOwner ? (
        <span className="truncate text-xs text-zinc-500" title={session.title}>
          {session.ownerName}&apos;s “{session.title}”
        </span>
      ) : null}
      <span className="flex-1" />
      <ToolButton
        icon={Columns2}
        text="Compare"
        label="Compare side by side"
        aria-pressed={compare}
        title="Compare side by side: one message, several targets"
        disabled={!canSend || ws.busy}
        onClick={() => ws.setCompare(!compare)}
      />
      {compare && canSend ? (
        <ToolButton
          icon={Plus}
          text="Add column"
          label="Add column"
          disabled={ws.busy || ws.columns.length >= MAX_COMPARE_COLUMNS}
          onClick={ws.addColumn}
        />
      ) : null}
      <ToolButton
        icon={RotateCcw}
        text="Regenerate"
        label="Regenerate"
        disabled={!canSend || !ws.canRegenerate}
        onClick={ws.regenerate}
        title="Regenerate the last reply"
      />
      <ToolButton
        icon={Trash2}
        text="Clear"
        label="Clear conversation"
        disabled={!ws.hasMessages}
        title="Clear conversation"
        onClick={() => {
          ws.clear();
          onCleared();
        }}
      />
      <ToolButton
        icon={PanelRight}
        text="Parameters"
        label="Parameters"
        aria-expanded={settingsPanel ?? undefined}
        onClick={() => onToggleSettings(toggled(settingsPanel))}
        title="Show or hide the parameters"
      />
    </div>
  );
}
