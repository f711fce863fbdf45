import "server-only";
import { defineKind } from "./define.server";
import { openaiPreset } from "./openai";

/** OpenAI: no endpoint of its own to read; a scan that finds only a model list calls it `custom`. */
export const openaiKind = defineKind({ ...openaiPreset });
