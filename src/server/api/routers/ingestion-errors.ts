import { TRPCError } from "@trpc/server";
import { WorkflowNotFoundError } from "@temporalio/client";
import { ZodError } from "zod";
import { RunConflictError, RunInputError } from "~/domain/ingestion/start-runs";
import { RunNotFoundError } from "~/domain/ingestion/run-detail";
import { SourceNameTakenError, SourceNotFoundError } from "~/domain/sources/manage-sources";
import { SourceSettingsError } from "~/domain/sources/source-endpoints";
import { PluginLifecycleError } from "~/domain/plugins/lifecycle";
import { adminProcedure, allDataAnalystProcedure } from "../trpc";

/** Domain errors → tRPC errors a person can act on; anything else stays an internal error. */
export function toTRPCError(err: unknown): unknown {
  if (err instanceof TRPCError) return err;
  if (err instanceof RunConflictError || err instanceof SourceNameTakenError) return new TRPCError({ code: "CONFLICT", message: err.message, cause: err });
  if (err instanceof SourceSettingsError) return new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
  if (err instanceof RunInputError) return new TRPCError({ code: "BAD_REQUEST", message: err.message, cause: err });
  if (err instanceof RunNotFoundError) return new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
  if (err instanceof SourceNotFoundError) return new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
  if (err instanceof WorkflowNotFoundError) return new TRPCError({ code: "NOT_FOUND", message: "No such run (it may have expired from Temporal's retention)", cause: err });
  if (err instanceof PluginLifecycleError) return new TRPCError({ code: err.kind === "not-found" ? "NOT_FOUND" : "CONFLICT", message: err.message, cause: err });
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
    return new TRPCError({ code: "BAD_REQUEST", message, cause: err });
  }
  return err;
}

/** Input errors and errors thrown by domain code leave as readable tRPC errors. */
function readable(error: TRPCError): unknown {
  const cause = error.cause;
  if (cause instanceof ZodError || (error.code === "INTERNAL_SERVER_ERROR" && cause instanceof Error)) return toTRPCError(cause);
  return error;
}

export const analystDomainProcedure = allDataAnalystProcedure.use(async ({ next }) => {
  const r = await next();
  if (!r.ok) throw readable(r.error);
  return r;
});

export const adminDomainProcedure = adminProcedure.use(async ({ next }) => {
  const r = await next();
  if (!r.ok) throw readable(r.error);
  return r;
});
