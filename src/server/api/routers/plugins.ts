import { z } from "zod";
import { getPlugin, listPlugins } from "~/domain/plugins/list-plugins";
import { installPlugin, rollbackPlugin, setPluginEnabled, uninstallPlugin, upgradePlugin } from "~/domain/plugins/lifecycle";
import { auditOrigin } from "~/server/audit-origin";
import { createTRPCRouter } from "../trpc";
import { adminDomainProcedure } from "./ingestion-errors";

const pluginId = z.object({ id: z.string().trim().min(1, "name the plugin").max(100) });
const withVersion = pluginId.extend({ version: z.string().trim().min(1).max(100).optional() });

/** The plugin registry and its lifecycle (admin only). Responses hold no config value or secret. */
export const pluginsRouter = createTRPCRouter({
  list: adminDomainProcedure.query(({ ctx }) => listPlugins(ctx.rt.db)),
  get: adminDomainProcedure.input(pluginId).query(({ ctx, input }) => getPlugin(ctx.rt.db, input.id)),
  install: adminDomainProcedure.input(withVersion).mutation(async ({ ctx, input }) => {
    await installPlugin(ctx.rt.db, { pluginId: input.id, version: input.version }, auditOrigin(ctx));
    return getPlugin(ctx.rt.db, input.id);
  }),
  enable: adminDomainProcedure.input(pluginId).mutation(async ({ ctx, input }) => {
    await setPluginEnabled(ctx.rt.db, input.id, true, auditOrigin(ctx));
    return getPlugin(ctx.rt.db, input.id);
  }),
  disable: adminDomainProcedure.input(pluginId).mutation(async ({ ctx, input }) => {
    await setPluginEnabled(ctx.rt.db, input.id, false, auditOrigin(ctx));
    return getPlugin(ctx.rt.db, input.id);
  }),
  upgrade: adminDomainProcedure.input(withVersion).mutation(async ({ ctx, input }) => {
    await upgradePlugin(ctx.rt.db, { pluginId: input.id, version: input.version }, auditOrigin(ctx));
    return getPlugin(ctx.rt.db, input.id);
  }),
  rollback: adminDomainProcedure.input(pluginId).mutation(async ({ ctx, input }) => {
    await rollbackPlugin(ctx.rt.db, input.id, auditOrigin(ctx));
    return getPlugin(ctx.rt.db, input.id);
  }),
  uninstall: adminDomainProcedure.input(pluginId).mutation(async ({ ctx, input }) => {
    await uninstallPlugin(ctx.rt.db, input.id, auditOrigin(ctx));
    return getPlugin(ctx.rt.db, input.id);
  }),
});
