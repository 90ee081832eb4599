/**
 * Names of server environment variables that hold a service's secrets (database URLs, DR
 * kubeconfigs, webhook URLs and tokens). zod only, so browser forms and the catalog share it: the
 * catalog names a variable, the value stays in the server's environment.
 */
import { z } from "zod";

export const SERVICE_ENV_PREFIX = "RCC_SERVICE_";
export const serviceEnvNamePattern = /^RCC_SERVICE_[A-Z0-9_]+$/;

export const serviceEnvNameSchema = z
  .string()
  .regex(
    serviceEnvNamePattern,
    `must name an ${SERVICE_ENV_PREFIX}* environment variable (the value stays on the server)`,
  );
