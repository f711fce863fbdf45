"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import {
  awaitsToolResults,
  buildChatRequest,
  copyMessages,
  defaultTarget,
  editUserMessage,
  isStreaming,
  newColumn,
  withoutLastReply,
} from "@/lib/playground/conversation";
import { newReply } from "@/lib/playground/reply";
import { DEFAULT_SETTINGS, columnsFromSession, toSessionData } from "@/lib/playground/session";
import { EMPTY_SETTINGS, draftFromSettings, parseSettingsDraft } from "@/lib/playground/settings";
import {
  newId,
  type ColumnState,
  type FieldErrors,
  type SettingsDraft,
  type SettingsField,
  type UiMessage,
} from "@/lib/playground/types";
import {
  MAX_COMPARE_COLUMNS,
  type ChatSettings,
  type PlaygroundProvider,
  type SessionDetail,
} from "@/lib/schemas/playground";
import type { MessageActions } from "./message-list";
import type { ToolResult } from "./tool-calls";
import { useChatRunner } from "./use-chat-runner";
import { useSessionSaver } from "./use-session-saver";
import { useStableCallback } from "./use-stable-callback";

/** Which columns send, each with its conversation as it will be sent. */
type Plan = { columnId: string; messages: UiMessage[] }[];

function initialColumns(session: SessionDetail | null, providers: PlaygroundProvider[]): ColumnState[] {
  const columns = session ? columnsFromSession(session.data) : [];
  return columns.length ? columns : [newColumn(defaultTarget(providers))];
}

/**
 * The playground's state and actions: shared settings, 1–4 columns, sending (one stream per
 * column), regenerate, edit-and-resend, tool results, compare, and saving after each reply.
 */
export function useWorkspace({
  session,
  providers,
  canSend,
  onSaved,
}: {
  session: SessionDetail | null;
  providers: PlaygroundProvider[];
  canSend: boolean;
  onSaved: (id: string) => void;
}) {
  const [columns, setColumns] = useState(() => initialColumns(session, providers));
  const [settings, setSettings] = useState<SettingsDraft>(() =>
    session ? draftFromSettings(session.data.settings) : EMPTY_SETTINGS,
  );
  const [settingsErrors, setSettingsErrors] = useState<FieldErrors<SettingsField>>({});
  const [columnErrors, setColumnErrors] = useState<Record<string, FieldErrors>>({});
  // Someone else's shared session is continued as a new session of one's own.
  const saver = useSessionSaver(session?.isOwner ? session.id : null, onSaved);
  const runner = useChatRunner(setColumns);
  const sentSettings = useRef<ChatSettings>(session?.data.settings ?? DEFAULT_SETTINGS);
  const dirty = useRef(false);
  const busy = columns.some(isStreaming);
  const awaitingTools = columns.some((c) => awaitsToolResults(c.messages));

  // Save once every column has finished (stopped and failed replies are kept too).
  const { save } = saver;
  useEffect(() => {
    if (busy || !dirty.current) return;
    dirty.current = false;
    save(toSessionData(sentSettings.current, columns));
  }, [busy, columns, save]);

  /** Validates everything, then starts one stream per planned column; false when nothing was sent. */
  const dispatch = (plan: Plan): boolean => {
    if (!canSend || plan.length === 0) return false;
    const parsed = parseSettingsDraft(settings);
    setSettingsErrors(parsed.ok ? {} : parsed.errors);
    const errors: Record<string, FieldErrors> = {};
    const requests = plan.flatMap(({ columnId, messages }) => {
      const column = columns.find((c) => c.id === columnId);
      if (!column || !parsed.ok) return [];
      const built = buildChatRequest({ ...column, messages }, parsed.settings, saver.currentId());
      if (!built.ok) errors[columnId] = built.errors;
      return built.ok ? [{ columnId, messages, request: built.request, reply: newReply(performance.now()) }] : [];
    });
    setColumnErrors(errors);
    if (!parsed.ok || Object.keys(errors).length > 0) return false;
    sentSettings.current = parsed.settings;
    dirty.current = true;
    setColumns((cols) =>
      cols.map((c) => {
        const r = requests.find((x) => x.columnId === c.id);
        return r ? { ...c, messages: [...r.messages, r.reply] } : c;
      }),
    );
    for (const r of requests) void runner.start(r.columnId, r.reply.id, r.request);
    return true;
  };

  const send = (content: string, images: string[]) => {
    if (awaitingTools) return false;
    const message: UiMessage = { id: newId(), role: "user", content, ...(images.length ? { images } : {}) };
    return dispatch(columns.map((c) => ({ columnId: c.id, messages: [...c.messages, { ...message, id: newId() }] })));
  };

  const regenerate = () =>
    dispatch(
      columns.flatMap((c) => {
        const messages = withoutLastReply(c.messages);
        return messages ? [{ columnId: c.id, messages }] : [];
      }),
    );

  const editAndResend = useStableCallback((ordinal: number, content: string) =>
    dispatch(
      columns.flatMap((c) => {
        const messages = editUserMessage(c.messages, ordinal, content);
        return messages ? [{ columnId: c.id, messages }] : [];
      }),
    ),
  );

  /** Answers the tool calls of reply `replyId`, in the column that holds it. */
  const sendToolResults = useStableCallback((replyId: string, results: ToolResult[]) => {
    const column = columns.find((c) => c.messages.some((m) => m.id === replyId));
    if (!column) return false;
    const tools: UiMessage[] = results.map((r) => ({ id: newId(), role: "tool", ...r }));
    return dispatch([{ columnId: column.id, messages: [...column.messages, ...tools] }]);
  });

  // Stable (see useStableCallback), so memoised messages do not re-render on every delta.
  const actions: MessageActions = useMemo(
    () => ({ onEdit: editAndResend, onToolResults: sendToolResults }),
    [editAndResend, sendToolResults],
  );

  /** Empties every column; the saved session stays as it was and the next reply starts a new one. */
  const clear = () => {
    runner.stop();
    saver.detach();
    dirty.current = false;
    setColumns((cols) => cols.map((c) => ({ ...c, messages: [] })));
    setColumnErrors({});
  };

  const updateColumn = (id: string, update: (c: ColumnState) => ColumnState) =>
    setColumns((cols) => cols.map((c) => (c.id === id ? update(c) : c)));

  const addColumn = () =>
    setColumns((cols) =>
      cols.length >= MAX_COMPARE_COLUMNS
        ? cols
        : // A new column starts at the environment's default target (listed first), not at whichever provider comes next.
          [...cols, newColumn(defaultTarget(providers), copyMessages(cols[0]?.messages ?? []))],
    );

  const removeColumn = (id: string) => {
    runner.stop(id);
    setColumns((cols) => (cols.length > 1 ? cols.filter((c) => c.id !== id) : cols));
  };

  /** Compare on adds a second column (a copy of the conversation so far); off keeps column 1. */
  const setCompare = (on: boolean) => {
    if (on) return addColumn();
    for (const c of columns.slice(1)) runner.stop(c.id);
    setColumns((cols) => cols.slice(0, 1));
  };

  return {
    columns,
    settings,
    settingsErrors,
    columnErrors,
    busy,
    awaitingTools,
    setSettings: (update: Partial<SettingsDraft>) => {
      setSettings((s) => ({ ...s, ...update }));
      // An edited field's old error would mislead; the others stay until the next send.
      setSettingsErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in update))));
    },
    send,
    regenerate,
    actions,
    clear,
    stop: runner.stop,
    updateColumn,
    addColumn,
    removeColumn,
    setCompare,
    canRegenerate: !busy && columns.some((c) => withoutLastReply(c.messages) !== null),
    hasMessages: columns.some((c) => c.messages.length > 0),
  };
}
