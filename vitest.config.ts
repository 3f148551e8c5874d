import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "~": path.resolve(__dirname, "src"),
      "server-only": path.resolve(__dirname, "test/support/server-only.ts"),
    },
  },
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    globalSetup: ["test/support/temp-root.ts"],
    exclude: ["test/temporal/**", "node_modules/**"],
    // chDB binds one data directory per process: every test file gets its own process.
    pool: "forks",
    poolOptions: { forks: { singleFork: false } },
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
