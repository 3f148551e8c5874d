import { z } from "zod";
import { pluginForms } from "~/domain/sources/plugin-form";
import { findSourcePlugin, sourcePluginIds } from "~/domain/plugins/registry";
import { createSource, createSourceInput, deleteSource, getSource, listSources, updateSource, updateSourceInput } from "~/domain/sources/manage-sources";
import { testSourceConnection } from "~/domain/sources/test-source-connection";
import { auditOrigin } from "~/server/audit-origin";
import { createTRPCRouter } from "../trpc";
import { adminDomainProcedure } from "./ingestion-errors";


/** Data sources: secrets go in, and only "which secret fields are set" comes out. */
export const sourcesRouter = createTRPCRouter({
  plugins: adminDomainProcedure.query(() => pluginForms()),

  list: adminDomainProcedure.query(({ ctx }) => listSources(ctx.rt)),

  get: adminDomainProcedure.input(z.object({ id: z.uuid("No such data source") })).query(({ ctx, input }) => getSource(ctx.rt, input.id)),

  // Loose input: the domain validates with the plugin's own schema and readable messages.
  create: adminDomainProcedure
    .input(z.object({ name: z.string(), plugin: z.string() }).loose())
    .mutation(({ ctx, input }) => createSource(ctx.rt, input as z.input<typeof createSourceInput>, auditOrigin(ctx))),

  update: adminDomainProcedure
    .input(z.object({ id: z.uuid("No such data source") }).loose())
    .mutation(({ ctx, input }) => updateSource(ctx.rt, input as z.input<typeof updateSourceInput>, auditOrigin(ctx))),

  delete: adminDomainProcedure.input(z.object({ id: z.uuid("No such data source") })).mutation(({ ctx, input }) => deleteSource(ctx.rt, input.id, auditOrigin(ctx))),

  testConnection: adminDomainProcedure
    .input(
      z.object({
        plugin: z.string().refine((id) => findSourcePlugin(id) !== undefined, { error: () => `Unknown plugin; known: ${sourcePluginIds().join(", ")}` }),
        config: z.record(z.string(), z.unknown()),
        secrets: z.record(z.string(), z.string()).default({}),
        sourceId: z.uuid().optional(),
      }),
    )
    .mutation(({ ctx, input }) => testSourceConnection(ctx.rt, input)),
});
