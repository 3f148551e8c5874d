import "server-only";
import { openRuntime, type Runtime } from "~/domain/runtime";

export function appUrl(): string {
  return process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`;
}

/** The Next.js process owns the runtime (and, in embedded mode, the data directory). */
export function getRuntime(): Promise<Runtime> {
  return openRuntime({ appUrl: appUrl() });
}
