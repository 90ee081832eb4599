// The development users, one per role. Their passwords are for local use only: the start script
// prints them, and a real deployment signs in through OIDC.
import type { Role } from "../lib/generated/prisma/enums";

export const SEED_USERS: { email: string; name: string; role: Role; password: string }[] = [
  { email: "viewer@rcc.local", name: "Vic Viewer", role: "viewer", password: "viewer-pass" },
  { email: "responder@rcc.local", name: "Rae Responder", role: "responder", password: "responder-pass" },
  { email: "commander@rcc.local", name: "Cam Commander", role: "commander", password: "commander-pass" },
  { email: "commander2@rcc.local", name: "Chris Commander", role: "commander", password: "commander2-pass" },
  { email: "comms@rcc.local", name: "Cory Comms", role: "comms", password: "comms-pass" },
  { email: "admin@rcc.local", name: "Ada Admin", role: "admin", password: "admin-pass" },
];
