import bcrypt from 'bcrypt';

/** Password hashing, behind an interface so services can be tested without bcrypt's cost. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** Spends the time a verification would, for unknown accounts; always false. */
  verifyNothing(password: string): Promise<false>;
}

/** bcrypt with the configured cost (12 unless BCRYPT_ROUNDS says otherwise). */
export function createBcryptHasher(rounds: number): PasswordHasher {
  // A real hash at the same cost: comparing against it when the email is
  // unknown makes "no such user" take as long as "wrong password".
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => bcrypt.hash(password, rounds),
    verify: (password, hash) => bcrypt.compare(password, hash),
    async verifyNothing(password) {
      dummy ??= bcrypt.hash('parley-timing-equaliser', rounds);
      await bcrypt.compare(password, await dummy);
      return false;
    },
  };
}
