/**
 * "Connect your app": copy-paste snippets for the official SDKs and the popular frameworks,
 * each pointing at this instance's `/v1` with a gateway key and a route as `model`. Pure, for
 * the page and its tests.
 */

export type Snippet = { id: string; label: string; code: string };

/** The placeholder shown when no secret is at hand (the secret is only seen once). */
export const KEY_PLACEHOLDER = "sy-your-gateway-key";

/** What a snippet is written from: the base URL, the key, the route, and `q` to quote a value as a string literal. */
type SnippetValues = { baseUrl: string; key: string; route: string; q: (value: string) => string };

/** One snippet per SDK or framework, in the order the page shows them. */
const TEMPLATES: { id: string; label: string; code: (v: SnippetValues) => string }[] = [
  {
    id: "python",
    label: "Python (openai)",
    code: ({ baseUrl, key, route, q }) => `from openai import OpenAI

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
    code: ({ baseUrl, key, route, q }) => `import OpenAI from "openai";

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
    code: ({ baseUrl, key, route, q }) => `curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": ${q(route)}, "messages": [{"role": "user", "content": "Hello"}]}'
`,
  },
  {
    id: "ai-sdk",
    label: "Vercel AI SDK",
    code: ({ baseUrl, key, route, q }) => `import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText } from "ai";

const switchyard = createOpenAICompatible({ name: "switchyard", baseURL: ${q(baseUrl)}, apiKey: ${q(key)} });
const { text } = await generateText({ model: switchyard(${q(route)}), prompt: "Hello" });
console.log(text);
`,
  },
  {
    id: "langchain",
    label: "LangChain",
    code: ({ baseUrl, key, route, q }) => `import { ChatOpenAI } from "@langchain/openai";

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
    code: ({
      baseUrl,
      key,
      route,
      q,
    }) => `# The official OpenAI SDKs read these by themselves: no code change but the model name.
export OPENAI_BASE_URL=${baseUrl}
export OPENAI_API_KEY=${key}
# then: model=${q(route)}
`,
  },
];

export function gatewaySnippets(baseUrl: string, key: string, route: string): Snippet[] {
  const values: SnippetValues = { baseUrl, key, route, q: JSON.stringify };
  return TEMPLATES.map(({ id, label, code }) => ({ id, label, code: code(values) }));
}
