/** `npm run bench`: the figures the issues ask for. Compare ratios within one run: this machine is noisy. */
// First: the bench process plays a cloud function, and must not probe Tencent Cloud's metadata server.
import '../test/support/env';
import os from 'node:os';
import { benchCases } from './cases.bench';
import { benchCluster } from './cluster.bench';
import { benchDatabase } from './database.bench';
import { benchDeliberation } from './deliberation.bench';
import { benchLocalCloud } from './localcloud.bench';
import { benchMediation } from './mediation.bench';
import { benchOpen311 } from './open311.bench';
import { benchPoints } from './points.bench';
import { benchSimilar } from './similar.bench';
import { benchStats } from './stats.bench';
import { benchWhistles } from './whistles.bench';

const suites: Record<string, () => string | Promise<string>> = {
  localcloud: benchLocalCloud,
  database: benchDatabase,
  cases: benchCases,
  whistles: benchWhistles,
  points: benchPoints,
  stats: benchStats,
  deliberation: benchDeliberation,
  open311: benchOpen311,
  mediation: benchMediation,
  cluster: benchCluster,
  similar: benchSimilar
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  console.log(
    `# 莎姐 benchmarks — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}\n`
  );
  for (const [name, run] of Object.entries(suites)) {
    if (only.length && !only.includes(name)) continue;
    console.log(`# ${name}\n`);
    console.log(await run());
    console.log('');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
