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
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
