import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './spawned-process';

/**
 * Where browser tests write their screenshots. The tests always take them (so the drawing code runs
 * and a broken page still fails), but only `LEADLINE_SCREENSHOTS=update` writes them over the ones in
 * `docs/screenshots/`: `npm test` must leave every tracked file as committed (issue 23), and pixels
 * differ from machine to machine. Otherwise they go to a folder under the system's temp directory.
 */
export function screenshotsDir(): string {
  const dir =
    process.env.LEADLINE_SCREENSHOTS === 'update'
      ? join(REPO_ROOT, 'docs', 'screenshots')
      : join(tmpdir(), 'leadline-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
