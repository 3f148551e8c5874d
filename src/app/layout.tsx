import type { Metadata } from "next";
import { headers } from "next/headers";
import "./globals.css";
import { TRPCReactProvider } from "~/trpc/react";

export const metadata: Metadata = {
  title: "ABI — Azure Billing Intelligence",
  description: "Self-hosted FinOps on FOCUS data",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request makes every page render per request, so each gets its own CSP nonce (src/proxy.ts).
  await headers();
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
