import { createCallerFactory, createTRPCRouter } from "./trpc";
import { systemRouter } from "./routers/system";
import { usersRouter } from "./routers/users";
import { overviewRouter } from "./routers/overview";
import { costsRouter } from "./routers/costs";
import { savedViewsRouter } from "./routers/saved-views";
import { exportsRouter } from "./routers/exports";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  users: usersRouter,
  overview: overviewRouter,
  costs: costsRouter,
  savedViews: savedViewsRouter,
  exports: exportsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
