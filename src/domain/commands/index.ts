import { ingestCommand } from "./ingest";
import { exportCommand } from "./export";
import { validateCommand } from "./validate";
import { seedCommand } from "./seed";
import { healthCommand } from "./health";
import { runMonthCommand, backfillCommand, listRunsCommand, listSourcesCommand } from "./runs";
import { auditCommand } from "./audit";
import { ratesImportCommand } from "./rates";
import { sqlCommand } from "./sql";
import { pluginsListCommand, pluginsInstallCommand, pluginsUpgradeCommand, pluginsRollbackCommand, pluginsUninstallCommand } from "./plugins";
import { backupCommand, restoreCommand } from "./backup";
import type { Command } from "./types";

/** Commands the CLI may hand to a running embedded app. */
export const bridgedCommands: Record<string, Command<never, unknown>> = {
  [ingestCommand.name]: ingestCommand,
  [exportCommand.name]: exportCommand,
  [validateCommand.name]: validateCommand,
  [seedCommand.name]: seedCommand,
  [runMonthCommand.name]: runMonthCommand,
  [backfillCommand.name]: backfillCommand,
  [listRunsCommand.name]: listRunsCommand,
  [listSourcesCommand.name]: listSourcesCommand,
  [healthCommand.name]: healthCommand,
  [auditCommand.name]: auditCommand,
  [ratesImportCommand.name]: ratesImportCommand,
  [sqlCommand.name]: sqlCommand,
  [pluginsListCommand.name]: pluginsListCommand,
  [pluginsInstallCommand.name]: pluginsInstallCommand,
  [pluginsUpgradeCommand.name]: pluginsUpgradeCommand,
  [pluginsRollbackCommand.name]: pluginsRollbackCommand,
  [pluginsUninstallCommand.name]: pluginsUninstallCommand,
  [backupCommand.name]: backupCommand,
  [restoreCommand.name]: restoreCommand,
};

export type { Command, Progress, ProgressSink } from "./types";
