import { z } from "zod";
import { pluginPage } from "~/domain/plugins/plugin-page";
import { installedPlugins } from "~/domain/plugins/installed-plugins";
import { checkPluginSettings } from "~/domain/plugins/check-settings";
import { findSourcePlugin } from "~/domain/plugins/registry";
import { createTRPCRouter } from "../trpc";
import { adminDomainProcedure } from "./ingestion-errors";

/** What the marketplace pages read beyond `plugins.*` (admin only): a plugin's page and the installed-plugins dashboard. */
export const marketplaceRouter = createTRPCRouter({
  page: adminDomainProcedure.input(z.object({ id: z.string().trim().min(1, "name the plugin").max(100) })).query(({ ctx, input }) => pluginPage(ctx.rt.db, input.id)),
  installed: adminDomainProcedure.query(({ ctx }) => installedPlugins(ctx.rt)),
  /** The wizard's inline check: each problem of the typed settings, by form field. */
  checkSettings: adminDomainProcedure
    .input(
      z.object({
        plugin: z.string().refine((id) => findSourcePlugin(id) !== undefined, { error: "This plugin's code is not loaded in ABI" }),
        config: z.record(z.string(), z.unknown()),
        secrets: z.record(z.string(), z.string()).default({}),
      }),
    )
    .query(({ input }) => checkPluginSettings(input.plugin, input.config, input.secrets)),
});
