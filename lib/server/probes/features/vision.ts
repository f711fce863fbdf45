import "server-only";
import { PNG } from "pngjs";
import { declares } from "../classify";
import { quote } from "../helpers";
import { type ProbeContext, defineProbe, notExercised, partial, skipped, supported } from "../types";

/** A solid-colour PNG as a data URL: an image whose right answer is checkable. */
export function solidPngDataUrl(rgb: readonly [number, number, number], size = 32): string {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  return `data:image/png;base64,${PNG.sync.write(png).toString("base64")}`;
}

const COLOURS = {
  red: [220, 30, 30],
  blue: [30, 60, 220],
} as const satisfies Record<string, readonly [number, number, number]>;

async function ask(ctx: ProbeContext, colour: keyof typeof COLOURS): Promise<string> {
  const res = await ctx.upstream.chat({
    model: ctx.model,
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "What colour is this image? Answer with one word." },
          { type: "image_url", image_url: { url: solidPngDataUrl(COLOURS[colour]) } },
        ],
      },
    ],
  });
  return res.choices?.[0]?.message?.content ?? "";
}

/**
 * `vision`: an image_url part with a generated solid red PNG; the answer must name the
 * colour. A model may fail to name it: a blue image tells whether the image reached the
 * model at all (the answer names blue, or at least changes with the image: not exercised)
 * or not (the same answer: the image is ignored). Skipped only when the server explicitly
 * declares the model has no vision (Ollama `/api/show`, LM Studio `capabilities.vision:
 * false`, llama.cpp `/props` `modalities.vision: false`) — a server that says nothing
 * (llama.cpp builds without `modalities`) is probed. Refusals such as Ollama's 400 or
 * llama.cpp's 500 "image input is not supported" are unsupported.
 */
export const visionProbe = defineProbe({
  feature: "vision",
  title: "Vision (image input)",
  group: "multimodal",
  description: "An image_url part with a solid red PNG (data URL): the answer names the colour.",
  sends: "an `image_url` content part",
  fields: ["image", "image_url", "images", "vision"],
  capability: "vision",
  requests: 2,
  async run(ctx) {
    const declared = await ctx.declaredFor(ctx.model);
    if (declared && declares(declared, "vision") && !declared.capabilities.includes("vision")) {
      return skipped(
        `${ctx.model} is declared without vision (${declared.source}); probe a vision model to test images.`,
      );
    }
    const red = await ask(ctx, "red");
    if (/\bred\b/i.test(red)) return supported(`Named the colour of a solid red image: ${quote(red)}.`);
    const blue = await ask(ctx, "blue");
    const details = { answers: { red, blue } };
    if (/\bblue\b/i.test(blue)) {
      return supported(
        `Named the colour of a solid blue image: ${quote(blue)} (not the red one: ${quote(red)}).`,
        details,
      );
    }
    if (blue.trim() !== red.trim()) {
      return notExercised(
        `the answer changed with the image (${quote(red, 40)} vs ${quote(blue, 40)}) but named no colour.`,
        details,
      );
    }
    return partial(`Accepted the image, but the answer does not change with it: ${quote(red)}.`, details);
  },
});
