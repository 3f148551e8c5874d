import { createCallerFactory, createTRPCRouter } from "./trpc";
import { systemRouter } from "./routers/system";
import { usersRouter } from "./routers/users";
import { ingestionRouter } from "./routers/ingestion";
import { sourcesRouter } from "./routers/sources";
import { pluginsRouter } from "./routers/plugins";
import { marketplaceRouter } from "./routers/marketplace";
import { backupsRouter } from "./routers/backups";
import { overviewRouter } from "./routers/overview";
import { costsRouter } from "./routers/costs";
import { savedViewsRouter } from "./routers/saved-views";
import { exportsRouter } from "./routers/exports";
import { breakdownRouter } from "./routers/breakdown";
import { commitmentsRouter } from "./routers/commitments";
import { budgetsRouter } from "./routers/budgets";
import { allocationRouter } from "./routers/allocation";
import { anomaliesRouter } from "./routers/anomalies";
import { recommendationsRouter } from "./routers/recommendations";
import { groupsRouter } from "./routers/groups";
import { grantsRouter } from "./routers/grants";
import { tokensRouter } from "./routers/tokens";
import { auditRouter } from "./routers/audit";
import { provenanceRouter } from "./routers/provenance";
import { quarantineRouter } from "./routers/quarantine";
import { storageRouter } from "./routers/storage";
import { workflowsRouter } from "./routers/workflows";
import { alertChannelsRouter, alertRulesRouter, alertsRouter } from "./routers/alerts";
import { currencyRouter } from "./routers/currency";
import { workbenchRouter } from "./routers/workbench";
import { dashboardsRouter } from "./routers/dashboards";
import { digestRouter, reportsRouter } from "./routers/reports";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  users: usersRouter,
  ingestion: ingestionRouter,
  sources: sourcesRouter,
  plugins: pluginsRouter,
  marketplace: marketplaceRouter,
  backups: backupsRouter,
  overview: overviewRouter,
  currency: currencyRouter,
  quarantine: quarantineRouter,
  costs: costsRouter,
  savedViews: savedViewsRouter,
  workbench: workbenchRouter,
  exports: exportsRouter,
  breakdown: breakdownRouter,
  commitments: commitmentsRouter,
  budgets: budgetsRouter,
  allocation: allocationRouter,
  anomalies: anomaliesRouter,
  recommendations: recommendationsRouter,
  groups: groupsRouter,
  grants: grantsRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  provenance: provenanceRouter,
  storage: storageRouter,
  workflows: workflowsRouter,
  alerts: alertsRouter,
  alertRules: alertRulesRouter,
  reports: reportsRouter,
  digest: digestRouter,
  alertChannels: alertChannelsRouter,
  dashboards: dashboardsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
