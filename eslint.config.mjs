import next from "eslint-config-next";

const config = [
  ...next,
  {
    ignores: ["lib/generated/**", ".next/**", "node_modules/**", "test/cluster/go/**", "playwright-report/**", "test-results/**"],
  },
  {
    rules: {
      "@next/next/no-html-link-for-pages": "off",
    },
  },
];

export default config;
