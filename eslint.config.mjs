// ESLint: import boundaries between the layers (see ARCHITECTURE.md) plus a few correctness rules.
// Style is not linted here. `npm run lint`.
import tseslint from "typescript-eslint";
import boundaries from "eslint-plugin-boundaries";

// Base package names (the plugin matches `next/server` by its base `next`).
const FRAMEWORK = ["next", "next-auth", "react", "react-dom"];

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", ".data/**", "drizzle/**", "clickhouse/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    files: ["**/*.{ts,tsx,mts,mjs}", "examples/plugins/**/*.js"],
    languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
    plugins: { "@typescript-eslint": tseslint.plugin, boundaries },
    settings: {
      "boundaries/dependency-nodes": ["import", "export", "dynamic-import", "require"],
      "import/resolver": { typescript: { project: "./tsconfig.json" }, node: true },
      "boundaries/elements": [
        { type: "domain", pattern: "src/domain", partialMatch: true },
        { type: "server", pattern: "src/server" },
        { type: "app", pattern: "src/app" },
        { type: "components", pattern: "src/components" },
        { type: "trpc", pattern: "src/trpc" },
        { type: "cli", pattern: "src/cli" },
        { type: "worker", pattern: "worker" },
        { type: "test", pattern: "test" },
        { type: "e2e", pattern: "e2e" },
        { type: "scripts", pattern: "scripts" },
        { type: "plugin-package", pattern: "examples/plugins/*", capture: ["pkg"] },
      ],
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "allow",
          checkAllOrigins: true, // also judge imports of packages (next, react …), not only local files
          policies: [
            {
              from: { element: { type: "domain" } },
              disallow: { to: { element: { types: { anyOf: ["server", "app", "components", "trpc", "cli", "worker"] } } } },
              message: "src/domain is plain TypeScript: it must not import the server, app, UI, CLI or worker layers",
            },
            {
              from: { element: { type: "domain" } },
              disallow: { to: { module: { origin: "external", source: FRAMEWORK } } },
              message: "src/domain must not import Next.js, next-auth or React",
            },
            {
              from: { element: { type: "server" } },
              disallow: { to: { element: { types: { anyOf: ["app", "components", "worker"] } } } },
              message: "src/server must not import pages, components or the worker",
            },
            {
              from: { element: { type: "worker" } },
              disallow: { to: { element: { types: { anyOf: ["server", "app", "components", "trpc", "cli"] } } } },
              message: "worker/ may import only src/domain",
            },
            {
              from: { element: { type: "worker" } },
              disallow: { to: { module: { origin: "external", source: FRAMEWORK } } },
              message: "worker/ must not import Next.js, next-auth or React",
            },
            {
              // A plugin package gets everything from ABI through the SDK handed to definePlugin(sdk).
              from: { element: { type: "plugin-package" } },
              disallow: { to: { module: { origin: "external" } } },
              message: "a plugin package imports no npm package: ABI hands it the plugin SDK (zod, download, errors) through definePlugin(sdk)",
            },
            {
              from: { element: { type: "plugin-package" } },
              disallow: { to: { element: { types: { anyOf: ["domain", "server", "app", "components", "trpc", "cli", "worker", "test", "e2e", "scripts"] } } } },
              message: "a plugin package must not import ABI's code: it gets the plugin SDK through definePlugin(sdk)",
            },
            {
              from: { element: { type: "plugin-package", captured: { pkg: "{{ from.captured.pkg }}" } } },
              disallow: { to: { element: { type: "plugin-package", captured: { pkg: "!{{ from.captured.pkg }}" } } } },
              message: "a plugin package imports only its own files",
            },
            {
              from: { element: { types: { anyOf: ["domain", "server", "app", "components", "trpc", "cli", "worker"] } } },
              disallow: { to: { element: { types: { anyOf: ["test", "e2e", "scripts"] } } } },
              message: "product code must not import test/, e2e/ or scripts/",
            },
          ],
        },
      ],
      // Correctness rules that hold today; no style rules.
      "no-debugger": "error",
      "no-dupe-keys": "error",
      "no-duplicate-case": "error",
      "no-self-assign": "error",
      "no-unreachable": "error",
      "no-unsafe-finally": "error",
      "no-cond-assign": "error",
      "no-constant-binary-expression": "error",
      "use-isnan": "error",
      "valid-typeof": "error",
      "@typescript-eslint/no-misused-new": "error",
      "@typescript-eslint/no-unsafe-declaration-merging": "error",
    },
  },
);
