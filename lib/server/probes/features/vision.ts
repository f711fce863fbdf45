import "server-only";
import { PNG } from "pngjs";
import { quote } from "../helpers";
import { defineProbe, partial, skipped, supported } from "../types";

/** A solid-colour PNG as a data URL: an image whose right answer is checkable. */
export function solidPngDataUrl(rgb: readonly [number, number, number], size = 32): string {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  return `data:image/png;base64,${PNG.sync.write(png).toString("base64")}`;
}

const RED: readonly [number, number, number] = [220, 30, 30];

/**
 * `vision`: an image_url content part with a generated solid red PNG; the answer must name
 * the colour. Skipped when the server declares the model has no vision (Ollama `/api/show`,
 * LM Studio `capabilities.vision`, llama.cpp `/props` modalities…); refusals such as
 * Ollama's 400 "does not support images" or llama.cpp's 500 "image input is not supported"
 * are unsupported.
 */
export const visionProbe = defineProbe({
  feature: "vision",
  title: "Vision (image input)",
  group: "multimodal",
  description: "An image_url part with a solid red PNG (data URL): the answer names the colour.",
  fields: ["image", "image_url", "images", "vision"],
  capability: "vision",
  async run({ upstream, model, declaredFor }) {
    const declared = await declaredFor(model);
    if (declared && !declared.capabilities.includes("vision")) {
      return skipped(
        `${model} declares no vision capability (${declared.source}); probe a vision model to test images.`,
      );
    }
    const res = await upstream.chat({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What colour is this image? Answer with one word." },
            { type: "image_url", image_url: { url: solidPngDataUrl(RED) } },
          ],
        },
      ],
    });
    const answer = res.choices?.[0]?.message?.content ?? "";
    if (/\bred\b/i.test(answer)) return supported(`Named the colour of a solid red image: ${quote(answer)}.`);
    return partial(`Accepted the image, but the answer does not name its colour (red): ${quote(answer)}.`, { answer });
  },
});
