/**
 * "Vision": decodes a data-URL image (PNG with pngjs, JPEG with jpeg-js) and names its
 * dominant colour, so a client can check that the image really reached the model.
 */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { MAX_IMAGE_PIXELS } from "./limits";

/** Colour names the simulated model can answer with, and their reference RGB values. */
export const COLOUR_NAMES = {
  red: [220, 30, 30],
  green: [30, 170, 50],
  blue: [30, 60, 220],
  yellow: [240, 220, 40],
  orange: [245, 140, 20],
  purple: [130, 40, 170],
  pink: [245, 150, 190],
  cyan: [40, 210, 220],
  brown: [120, 70, 30],
  gray: [128, 128, 128],
  black: [10, 10, 10],
  white: [245, 245, 245],
} as const satisfies Record<string, readonly [number, number, number]>;

/** One of {@link COLOUR_NAMES}. */
export type ColourName = keyof typeof COLOUR_NAMES;

/** Decoded RGBA pixels. */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Thrown when a data URL is not a decodable PNG or JPEG. */
export class ImageDecodeError extends Error {}

/** Decodes a `data:image/...;base64,` URL. */
export function decodeDataUrl(url: string): DecodedImage {
  const match = /^data:([\w/+.-]+)?(;[\w=.-]+)*?;base64,(.*)$/s.exec(url);
  if (!match?.[3]) throw new ImageDecodeError("image_url is not a base64 data URL");
  const bytes = Buffer.from(match[3], "base64");
  try {
    if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      // IHDR comes first: refuse a huge canvas before inflating it (a few KB can declare gigabytes).
      const width = bytes.length >= 24 ? bytes.readUInt32BE(16) : 0;
      const height = bytes.length >= 24 ? bytes.readUInt32BE(20) : 0;
      if (width * height > MAX_IMAGE_PIXELS) {
        throw new Error(`${width}×${height} pixels is more than the ${MAX_IMAGE_PIXELS} the simulator decodes`);
      }
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const decoded = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxMemoryUsageInMB: 80,
        maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000,
      });
      return { width: decoded.width, height: decoded.height, data: decoded.data };
    }
  } catch (error) {
    throw new ImageDecodeError(`image could not be decoded: ${(error as Error).message}`);
  }
  throw new ImageDecodeError("unsupported image format (PNG and JPEG only)");
}

function nearestColour(r: number, g: number, b: number): ColourName {
  let best: ColourName = "black";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [name, [cr, cg, cb]] of Object.entries(COLOUR_NAMES) as [ColourName, readonly number[]][]) {
    const distance = (r - (cr ?? 0)) ** 2 + (g - (cg ?? 0)) ** 2 + (b - (cb ?? 0)) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = name;
    }
  }
  return best;
}

/** The colour name most pixels are nearest to (transparent pixels are skipped). */
export function dominantColour(image: DecodedImage): ColourName {
  const votes = new Map<ColourName, number>();
  const pixels = image.width * image.height;
  const stride = Math.max(1, Math.floor(pixels / 20_000));
  for (let p = 0; p < pixels; p += stride) {
    const i = p * 4;
    if ((image.data[i + 3] ?? 255) < 16) continue;
    const name = nearestColour(image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0);
    votes.set(name, (votes.get(name) ?? 0) + 1);
  }
  let winner: ColourName = "white";
  let most = -1;
  for (const [name, count] of votes) {
    if (count > most) {
      most = count;
      winner = name;
    }
  }
  return winner;
}
