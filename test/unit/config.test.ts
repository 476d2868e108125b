/**
 * Configuration: every variable optional with the documented default; an
 * invalid value stops the start with a message naming the variable.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../server/config.js';

const run = promisify(execFile);

/** The ConfigError `env` raises (fails the test when there is none). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('needs nothing: every variable has a default or is optional', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: './.data',
      LOG_LEVEL: 'info',
      BCRYPT_ROUNDS: 12,
      TRUST_PROXY: false,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SESSION_SECRET).toBeUndefined();
    expect(config.GOOGLE_CLIENT_ID).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('reads the values it is given, typed', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u:p@db.internal:5432/parley',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PUBLIC_URL: 'https://parley.example.com',
      TRUST_PROXY: '1',
      ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgresql://u:p@db.internal:5432/parley');
    expect(config.TRUST_PROXY).toBe(true);
  });

  it('treats a blank value as unset', () => {
    const config = loadConfig({ DATABASE_URL: '  ', GOOGLE_CLIENT_ID: '' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.GOOGLE_CLIENT_ID).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['SESSION_SECRET', 'too-short'],
    ['PUBLIC_URL', 'ftp://example.com'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['ENCRYPTION_KEY', 'abc'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['BCRYPT_ROUNDS', '3'],
    ['VAPID_SUBJECT', 'someone@example.com'],
  ])('refuses %s=%s, naming it', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toContain(name);
  });

  it('names every invalid variable at once', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('DATABASE_URL');
  });

  it('wants both VAPID keys or neither', () => {
    expect(configError({ VAPID_PUBLIC_KEY: 'x' }).message).toMatch(/VAPID_PRIVATE_KEY/);
  });

  it('refuses bcrypt below cost 12 in production only', () => {
    expect(configError({ NODE_ENV: 'production', BCRYPT_ROUNDS: '10' }).message).toMatch(
      /BCRYPT_ROUNDS/,
    );
    expect(loadConfig({ NODE_ENV: 'test', BCRYPT_ROUNDS: '4' }).BCRYPT_ROUNDS).toBe(4);
  });
});

describe('the entry point', () => {
  it('exits non-zero, naming the variable, when PORT is invalid', async () => {
    // A DATA_DIR of its own: should the check ever pass, nothing lands in ./.data.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: 'abc',
      DATA_DIR: path.join(os.tmpdir(), 'parley-never'),
    };
    delete env.NODE_OPTIONS;
    delete env.DATABASE_URL;
    const failure = await run('npx', ['tsx', 'server/index.ts'], { env, timeout: 30_000 }).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure).toBeDefined();
    expect(failure!.code).not.toBe(0);
    expect(typeof failure!.code).toBe('number');
    expect(failure!.stderr).toContain('PORT');
  }, 40_000);
});

describe('documentation', () => {
  it('lists every variable of server/config.ts in .env.example and the README', () => {
    const source = readFileSync('server/config.ts', 'utf8');
    const variables = [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(variables).toContain('DATABASE_URL');
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    for (const name of variables) {
      expect([name, new RegExp(`^#? ?${name}=`, 'm').test(example)]).toEqual([name, true]);
      expect([name, readme.includes(`\`${name}\``)]).toEqual([name, true]);
    }
  });
});
