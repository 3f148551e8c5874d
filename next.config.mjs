/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or runtime-bundling packages must be loaded by Node, not bundled by Next.
  serverExternalPackages: [
    'chdb',
    '@clickhouse/client',
    '@electric-sql/pglite',
    '@temporalio/worker',
    '@temporalio/client',
    '@temporalio/core-bridge',
    '@swc/core',
    'tsx',
    'pg',
    'bcryptjs',
    'playwright-core',
    'kafkajs',
  ],
  poweredByHeader: false,
  // No Next.js dev badge (the demo serves a production build anyway; this also covers `npm run dev`).
  devIndicators: false,
  // `npm run typecheck` (part of `npm test`) checks the whole tree, tests and worker included.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
