"use client";

import { secondaryButtonClass } from "@/app/_components/ui";

/**
 * A save refused as stale (409: someone saved `what` since the form opened), so the form's
 * edits are not saved. Reload shows their version; a form that can save over theirs says so
 * (`canOverwrite`) and puts its button in `children`.
 */
export function StaleEditBanner({
  what,
  canOverwrite = false,
  children,
}: {
  what: string;
  canOverwrite?: boolean;
  children?: React.ReactNode;
}) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      <span>
        {`Someone else saved this ${what} since you opened it; your edits here are not saved. Reload to see their version${canOverwrite ? ", or keep your edits and save them over theirs" : ""}.`}
      </span>
      <button type="button" className={secondaryButtonClass} onClick={() => window.location.reload()}>
        Reload
      </button>
      {children}
    </div>
  );
}
