import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database of one test file's own, cloned from the migrated template. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.PARLEY_TEST_ADMIN_URL;
  if (!url) throw new Error('PARLEY_TEST_ADMIN_URL is unset: run tests through jest (globalSetup)');
  return url;
}

/** Runs one statement on the admin connection. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates `<template>_<random>` from the template (milliseconds: a file copy,
 * no migrations). Names share the template's prefix so teardown finds strays.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.PARLEY_TEST_TEMPLATE!;
  const name = `${template}_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
