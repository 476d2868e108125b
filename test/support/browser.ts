/**
 * Debian's chromium driven by playwright-core (playwright's own browser
 * download cannot run here). `.ci/run` installs the package when missing.
 */
import { existsSync } from 'node:fs';

/** Flags checked on these machines (see the team's field notes). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(
      `No Chromium at ${candidate}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return candidate;
}
