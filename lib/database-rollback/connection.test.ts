import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { pgMessage } from "./connection";

const SECRET = "S3cr3t-Passw0rd";
const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe("pgMessage", () => {
  it("keeps what Postgres said about a statement, with its SQLSTATE", () => {
    expect(pgMessage(err('relation "orders" does not exist', "42P01"))).toBe(
      'relation "orders" does not exist (SQLSTATE 42P01)',
    );
  });

  it("connecting, authenticating and network failures are fixed sentences", () => {
    const cases: [Error, string][] = [
      [
        err(`password authentication failed ${SECRET}`, "28P01"),
        "the database refused the credentials (SQLSTATE 28P01)",
      ],
      [err(`connect ECONNREFUSED ${SECRET}`, "ECONNREFUSED"), "the database refused the connection"],
      [err(`getaddrinfo ENOTFOUND ${SECRET}`, "ENOTFOUND"), "the database host could not be resolved"],
      [err(`timeout expired ${SECRET}`), "the database did not answer in time"],
      [err(`connection string postgres://app:${SECRET}@db/app is odd`), "the database connection failed"],
      [err(`the database ${SECRET} does not exist`, "3D000"), "the database does not exist (SQLSTATE 3D000)"],
    ];
    for (const [e, text] of cases) expect(pgMessage(e)).toBe(text);
  });

  it("passes an AppError's own sentence through", () => {
    expect(
      pgMessage(new AppError("invalid", "database: environment variable RCC_SERVICE_X is not set on the server")),
    ).toBe("database: environment variable RCC_SERVICE_X is not set on the server");
  });
});
