import { defineConfig } from "drizzle-kit";

export default defineConfig({
  schema: "./src/domain/db/schema/index.ts",
  out: "./drizzle",
  dialect: "postgresql",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/abi" },
});
