// Runs in each integration worker before the tests: point the app's modules at the test services.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-test-secret-0123456789";
process.env.RCC_BACKGROUND = "off";
