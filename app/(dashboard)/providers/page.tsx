import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/ui";
import { getEnv } from "@/lib/env";
import { listProviders } from "@/lib/server/providers/service";
import { requirePageUser } from "@/lib/server/session";
import { ProvidersView } from "./_components/providers-view";

export const metadata: Metadata = { title: "Providers" };

export default async function ProvidersPage() {
  const user = await requirePageUser();
  return (
    <>
      <PageHeader
        title="Providers"
        description="The team's shared list of OpenAI-compatible endpoints: OpenAI, Ollama, LM Studio, vLLM, LocalAI, llama.cpp and any other /v1 server. Keys are stored encrypted and never sent to the browser."
      />
      <ProvidersView role={user.role} initialProviders={await listProviders()} simulatorOn={getEnv().simulator} />
    </>
  );
}
