import next from "eslint-config-next";

// Layers point one way: app/ and components/ → lib/. lib/ holds all logic and never reaches into the
// sandbox, the test harnesses, the e2e specs, the routes or the "use server" actions (domain code
// calls domain functions). Tests under lib/ may use the harnesses in test/, and the actions and
// route handlers they test. Imports are resolved, so the "@/…" alias and relative paths both count.
const OUTSIDE_THE_APP = ["./sandbox", "./test", "./e2e"];
const LIB_TESTS = ["lib/**/*.test.ts", "lib/**/*.test.tsx"];

const layer = (files, ignores, zones) => ({
  files,
  ignores,
  rules: {
    "import/no-restricted-paths": [
      "error",
      { basePath: import.meta.dirname, zones: zones.map(([target, from, message]) => ({ target, from, message })) },
    ],
  },
});

const config = [
  ...next,
  {
    ignores: [
      "lib/generated/**",
      ".next/**",
      "node_modules/**",
      "test/cluster/go/**",
      "playwright-report/**",
      "test-results/**",
    ],
  },
  {
    rules: {
      "@next/next/no-html-link-for-pages": "off",
    },
  },
  layer(
    ["lib/**/*.{ts,tsx}"],
    ["lib/actions/**", ...LIB_TESTS],
    [
      ["./lib", [...OUTSIDE_THE_APP, "./app"], "lib/ is all logic: it never imports sandbox/, test/, e2e/ or app/."],
      [
        "./lib",
        "./lib/actions",
        'Domain code calls domain functions (lib/<domain>/<verb>-<noun>.ts), never a "use server" action.',
      ],
    ],
  ),
  layer(["lib/actions/**/*.{ts,tsx}"], LIB_TESTS, [
    [
      "./lib/actions",
      [...OUTSIDE_THE_APP, "./app"],
      "Server actions are lib/: they never import sandbox/, test/, e2e/ or app/.",
    ],
  ]),
  layer(
    LIB_TESTS,
    [],
    [["./lib", ["./sandbox", "./e2e"], "Tests under lib/ use the harnesses in test/, not sandbox/ or e2e/."]],
  ),
  layer(
    ["components/**/*.{ts,tsx}"],
    [],
    [
      [
        "./components",
        [...OUTSIDE_THE_APP, "./app"],
        "components/ import lib/ (and each other), never sandbox/, test/, e2e/ or app/.",
      ],
    ],
  ),
  layer(
    ["app/**/*.{ts,tsx}"],
    [],
    [["./app", OUTSIDE_THE_APP, "app/ imports lib/ and components/, never sandbox/, test/ or e2e/."]],
  ),
];

export default config;
