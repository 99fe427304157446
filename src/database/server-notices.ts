/**
 * Warnings a server sends while a command waits (the embedded engine says why it is busy). The library
 * never prints them; whoever runs it (the CLI) listens here and shows them.
 */
export type ServerNoticeListener = (message: string) => void;

const listeners = new Set<ServerNoticeListener>();

export function listenToServerNotices(listener: ServerNoticeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Passes on WARNING notices only: a NOTICE such as "relation already exists, skipping" is not news to people. */
export function reportServerNotice(notice: { severity?: string; message?: string }): void {
  if (notice.severity !== 'WARNING' || !notice.message) return;
  for (const listener of listeners) listener(notice.message!);
}
