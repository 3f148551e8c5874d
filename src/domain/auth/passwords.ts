import bcrypt from "bcryptjs";

export const BCRYPT_ROUNDS = 11;

export const hashPassword = (plain: string) => bcrypt.hash(plain, BCRYPT_ROUNDS);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

/**
 * The hash of a random, discarded password at BCRYPT_ROUNDS: sign-ins for unknown, disabled or
 * password-less accounts compare against it, so they take as long as a wrong password would.
 */
export const DUMMY_HASH = "$2b$11$mqCrtPG4NCH/p2yhHGLfnudXYu5j0WlJCBTnTfjh2aROhB8cKGmiu";
