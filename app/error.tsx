"use client";

import { buttonClass } from "./_components/ui";

/** Shown when rendering a page fails. The digest matches the server log line; no internals here. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-sm text-zinc-600 dark:text-zinc-400">
        The page could not be shown. Try again; if it keeps failing, the server log has the details
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <button type="button" onClick={reset} className={buttonClass}>
        Try again
      </button>
    </main>
  );
}
