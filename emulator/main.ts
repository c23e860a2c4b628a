/** `npm start`: the local cloud, with Dadukou seeded on first start. */
import path from 'node:path';
import { startLocalCloud } from './localcloud';
import { seedIfEmpty } from './seed';
import { STORAGE_ASSETS } from '../cloudfunctions/storageAssets';

const root = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  const port = process.env.PORT === undefined ? 8787 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const memory = process.env.LOCALCLOUD_MEMORY === '1';
  const cloud = await startLocalCloud({
    port,
    // 0.0.0.0 lets a phone (预览, 真机调试) on the same network reach the local cloud.
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: memory ? null : path.resolve(process.env.LOCALCLOUD_DIR ?? path.join(root, '.localcloud')),
    functionsDir: process.env.LOCALCLOUD_FUNCTIONS_DIR ?? path.join(root, 'cloudfunctions'),
    indexesFile: path.join(root, 'database/indexes.json'),
    // Extra declarations (benchmarks of collections the project does not have).
    extraIndexesFile: process.env.LOCALCLOUD_EXTRA_INDEXES,
    riskyWordsFile: process.env.LOCALCLOUD_RISKY_WORDS ?? path.join(root, 'emulator/risky-words.txt'),
    riskyMediaFile: process.env.LOCALCLOUD_RISKY_MEDIA ?? path.join(root, 'emulator/risky-media.txt'),
    // Web pages are refused; an origin listed here (comma-separated) is let in, should a client need it.
    allowedOrigins: (process.env.LOCALCLOUD_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    triggers: process.env.LOCALCLOUD_TRIGGERS !== 'off',
    // Tests of production refusals (setup.seedDemo) start it with LOCALCLOUD_MARK_FUNCTIONS=off.
    markFunctions: process.env.LOCALCLOUD_MARK_FUNCTIONS !== 'off',
    // What `npm run deploy` uploads to storage (the mediation PDF font), at the same paths.
    storageAssets: STORAGE_ASSETS.map((a) => ({ ...a, file: path.join(root, a.file) }))
  });
  if (process.env.LOCALCLOUD_SEED !== 'off') await seedIfEmpty(cloud);
  // Tests read this line to learn the port.
  console.log(`localcloud ready ${cloud.url}`);
  const stop = (): void => {
    void cloud.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`localcloud failed to start: ${(e as Error).message}`);
  process.exit(1);
});
