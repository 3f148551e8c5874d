import { describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { DUMMY_HASH, hashPassword } from "~/domain/auth/passwords";
import { signInSuite } from "./sign-in-suite";

describe("the dummy hash", () => {
  it("has the cost of a real password hash, so comparing against it takes as long", async () => {
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(bcrypt.getRounds(await hashPassword("any password")));
  });
});

signInSuite("in process", () => undefined);
