/**
 * "Connect your app": copy-paste snippets for the official SDKs and the popular frameworks,
 * each pointing at this instance's `/v1` with a gateway key and a route as `model`. Pure, for
 * the page and its tests.
 */

export type Snippet = { id: string; label: string; code: string };

/** The placeholder shown when no secret is at hand (the secret is only seen once). */
export const KEY_PLACEHOLDER = "sy-your-gateway-key";

export function gatewaySnippets(baseUrl: string, key: string, route: string): Snippet[] {
  const q = JSON.stringify;
  return [
    {
      id: "python",
      label: "Python (openai)",
      code: `from openai import OpenAI

client = OpenAI(base_url=${q(baseUrl)}, api_key=${q(key)})
reply = client.chat.completions.create(
    model=${q(route)},
    messages=[{"role": "user", "content": "Hello"}],
)
print(reply.choices[0].message.content)
`,
    },
    {
      id: "typescript",
      label: "TypeScript (openai)",
      code: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: ${q(baseUrl)}, apiKey: ${q(key)} });
const reply = await client.chat.completions.create({
  model: ${q(route)},
  messages: [{ role: "user", content: "Hello" }],
});
console.log(reply.choices[0]?.message.content);
`,
    },
    {
      id: "curl",
      label: "curl",
      code: `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": ${q(route)}, "messages": [{"role": "user", "content": "Hello"}]}'
`,
    },
    {
      id: "ai-sdk",
      label: "Vercel AI SDK",
      code: `import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText } from "ai";

const switchyard = createOpenAICompatible({ name: "switchyard", baseURL: ${q(baseUrl)}, apiKey: ${q(key)} });
const { text } = await generateText({ model: switchyard(${q(route)}), prompt: "Hello" });
console.log(text);
`,
    },
    {
      id: "langchain",
      label: "LangChain",
      code: `import { ChatOpenAI } from "@langchain/openai";

const model = new ChatOpenAI({
  model: ${q(route)},
  apiKey: ${q(key)},
  configuration: { baseURL: ${q(baseUrl)} },
});
const reply = await model.invoke("Hello");
console.log(reply.content);
`,
    },
    {
      id: "env",
      label: "Environment variables",
      code: `# The official OpenAI SDKs read these by themselves: no code change but the model name.
export OPENAI_BASE_URL=${baseUrl}
export OPENAI_API_KEY=${key}
# then: model=${q(route)}
`,
    },
  ];
}
