"use client";

import { Columns2, PanelLeft, PanelRight, Plus, RotateCcw, Trash2, type LucideIcon } from "lucide-react";
import { MAX_COMPARE_COLUMNS, type SessionDetail } from "@/lib/schemas/playground";
import type { PanelState } from "./side-panel";
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

/** A side panel as its toolbar button sees it: open or not (null: as the screen decides), and the toggle. */
type PanelToggle = { state: PanelState; onToggle: () => void };

/** Shows or hides a side panel; expanded while the panel is open. */
function PanelButton({ icon, name, panel }: { icon: LucideIcon; name: string; panel: PanelToggle }) {
  return (
    <ToolButton
      icon={icon}
      text={name}
      label={name}
      aria-expanded={panel.state ?? undefined}
      onClick={panel.onToggle}
      title={`Show or hide the ${name.toLowerCase()}`}
    />
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
  sessions,
  parameters,
  onCleared,
}: {
  ws: WorkspaceState;
  session: SessionDetail | null;
  canSend: boolean;
  /** Whether 2–4 columns are side by side. */
  compare: boolean;
  /** The two side panels: the sessions (left) and the parameters (right). */
  sessions: PanelToggle;
  parameters: PanelToggle;
  onCleared: () => void;
}) {
  return (
    <div className="flex items-center gap-1 border-b border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
      <PanelButton icon={PanelLeft} name="Sessions" panel={sessions} />
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
      <PanelButton icon={PanelRight} name="Parameters" panel={parameters} />
    </div>
  );
}
