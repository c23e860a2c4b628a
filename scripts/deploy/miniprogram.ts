/**
 * The mini-program upload, with Tencent's miniprogram-ci (what DevTools' 上传 does): compiles the
 * TypeScript with the project's own settings (project.config.json, useProjectConfig) and uploads
 * the result as the development version of robot 1, which an admin then submits for review in
 * 公众平台. Loaded only by a real run: miniprogram-ci is large.
 */
import type { Uploader } from './apply';

export async function miniprogramUploader(opts: {
  appId: string;
  projectPath: string;
  privateKeyPath: string;
  log: (line: string) => void;
}): Promise<Uploader> {
  const ci = await import('miniprogram-ci');
  return async ({ version, desc }) => {
    const project = new ci.Project({
      appid: opts.appId,
      type: 'miniProgram',
      projectPath: opts.projectPath,
      privateKeyPath: opts.privateKeyPath,
      ignores: ['node_modules/**/*', 'cloudfunctions/**/*']
    });
    await ci.upload({
      project,
      version,
      desc,
      robot: 1,
      setting: { useProjectConfig: true },
      onProgressUpdate: (t) => {
        if (typeof t !== 'string' && t.status === 'done') opts.log(`  ${t.message}`);
      }
    });
  };
}
