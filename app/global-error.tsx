"use client";

/** Last resort when the root layout itself fails: plain markup, no app styles. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "4rem 1rem", textAlign: "center" }}>
        <main>
          <h1>Switchyard could not load</h1>
          <p>
            Try again; if it keeps failing, the server log has the details
            {error.digest ? ` (reference ${error.digest})` : ""}.
          </p>
          <button type="button" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
