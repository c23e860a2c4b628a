import { buildAll } from '../../scripts/build';

/** Tests run against the built bundles, exactly what WeChat DevTools would upload. */
export default async function globalSetup(): Promise<void> {
  await buildAll();
}
