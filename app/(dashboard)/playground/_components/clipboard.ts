"use client";

import { toast } from "sonner";

/** Copies `text`; on plain-http origins the Clipboard API is missing, so say so. */
export async function copyText(text: string, what = "Copied to the clipboard."): Promise<boolean> {
  try {
    if (!navigator.clipboard) throw new Error("no clipboard");
    await navigator.clipboard.writeText(text);
    toast.success(what);
    return true;
  } catch {
    toast.error("The browser did not allow copying here; select the text and copy it instead.");
    return false;
  }
}
