// Jest loads global setup outside its module system, where neither its
// transform nor `.js`-suffixed TypeScript imports resolve; tsx loads the
// TypeScript implementation natively instead.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const impl = await tsImport('./globalSetupImpl.ts', import.meta.url);
  await impl.default();
}
