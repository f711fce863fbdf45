import { GatewayTabs } from "./_components/gateway-tabs";

/** The gateway's pages share their tabs. */
export default function GatewayLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <GatewayTabs />
      {children}
    </>
  );
}
