import type { Metadata } from "next";
import { headers } from "next/headers";
import "./globals.css";
import { TRPCReactProvider } from "~/trpc/react";

export const metadata: Metadata = {
  title: "ABI — Azure Billing Intelligence",
  description: "Self-hosted FinOps on FOCUS data",
  // public/icon.svg: the favicon (a <link rel="icon">, so browsers do not ask for /favicon.ico).
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
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
