// See globalSetup.mjs for why this indirection exists.
import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const impl = await tsImport('./globalTeardownImpl.ts', import.meta.url);
  await impl.default();
}
