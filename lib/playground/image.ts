import { MAX_IMAGE_DATA_URL_CHARS } from "@/lib/schemas/playground";

/** Attached images travel as data URLs (the contract's `images`), so they are checked here first. */

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export const MAX_IMAGES = 4;

const MB = 1024 * 1024;

/** Reads an image file as a data URL, or explains why it cannot be attached. */
export function readImageFile(file: File): Promise<{ ok: true; dataUrl: string } | { ok: false; error: string }> {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) {
    return Promise.resolve({ ok: false, error: `${file.name} is not a PNG, JPEG, GIF or WebP image` });
  }
  // Base64 grows the file by 4/3; check before reading a huge file into memory.
  if (Math.ceil(file.size / 3) * 4 > MAX_IMAGE_DATA_URL_CHARS) {
    return Promise.resolve({
      ok: false,
      error: `${file.name} is too large (at most about ${Math.floor(((MAX_IMAGE_DATA_URL_CHARS / 4) * 3) / MB)} MB)`,
    });
  }
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = String(reader.result);
      resolve(
        dataUrl.length > MAX_IMAGE_DATA_URL_CHARS
          ? { ok: false, error: `${file.name} is too large` }
          : { ok: true, dataUrl },
      );
    };
    reader.onerror = () => resolve({ ok: false, error: `${file.name} could not be read` });
    reader.readAsDataURL(file);
  });
}
