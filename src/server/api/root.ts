import { createCallerFactory, createTRPCRouter } from "./trpc";
import { systemRouter } from "./routers/system";
import { usersRouter } from "./routers/users";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
