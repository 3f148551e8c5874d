import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/** `npm run test:temporal`: workflow and fault tests against a real Temporal server. */
export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    include: ["test/temporal/**/*.test.ts"],
    exclude: ["node_modules/**"],
    testTimeout: 300_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
