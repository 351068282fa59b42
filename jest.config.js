// One Jest run for the whole repo, one project per app or lib.
// File names decide the tier: *.spec.ts (pure, no I/O), *.int-spec.ts (real PostgreSQL/Redis),
// *.e2e-spec.ts (HTTP or browser end to end).
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@leadline/flow-core$': path.join(__dirname, 'libs/flow-core/src/index.ts'),
  '^@leadline/config$': path.join(__dirname, 'libs/config/src/index.ts'),
  '^@leadline/bootstrap$': path.join(__dirname, 'libs/bootstrap/src/index.ts'),
  '^@leadline/database$': path.join(__dirname, 'libs/database/src/index.ts'),
  '^@leadline/ops$': path.join(__dirname, 'libs/ops/src/index.ts'),
  '^@leadline/engine$': path.join(__dirname, 'libs/engine/src/index.ts'),
  '^@leadline/testing$': path.join(__dirname, 'libs/testing/src/index.ts'),
  '^@leadline/whatsapp$': path.join(__dirname, 'libs/whatsapp/src/index.ts'),
  '^@leadline/secrets$': path.join(__dirname, 'libs/secrets/src/index.ts'),
  '^@leadline/documents$': path.join(__dirname, 'libs/documents/src/index.ts'),
  '^@leadline/ai$': path.join(__dirname, 'libs/ai/src/index.ts'),
  '^@leadline/data-rights$': path.join(__dirname, 'libs/data-rights/src/index.ts'),
  '^@leadline/outbound-events$': path.join(__dirname, 'libs/outbound-events/src/index.ts'),
  '^@leadline/notifications$': path.join(__dirname, 'libs/notifications/src/index.ts'),
  '^@leadline/temporal$': path.join(__dirname, 'libs/temporal/src/index.ts'),
  '^@leadline/activity-sdk$': path.join(__dirname, 'libs/activity-sdk/src/index.ts'),
  '^@leadline/safe-http$': path.join(__dirname, 'libs/safe-http/src/index.ts'),
  '^@leadline/example-activities$': path.join(__dirname, 'libs/example-activities/src/index.ts'),
  '^@leadline/campaigns$': path.join(__dirname, 'libs/campaigns/src/index.ts'),
};

function project(dir, extra = {}) {
  return {
    displayName: dir,
    rootDir: path.join(__dirname, dir),
    // Node's environment, plus a Redis of the file's own for int and e2e files (see the file).
    testEnvironment: path.join(__dirname, 'libs/testing/src/jest-environment.ts'),
    transform: { '^.+\\.(t|j)sx?$': swc },
    moduleNameMapper,
    testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts', '<rootDir>/**/*.e2e-spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    ...extra,
  };
}

module.exports = {
  projects: [
    project('libs/flow-core'),
    project('libs/config'),
    project('libs/database'),
    project('libs/ops'),
    project('libs/engine'),
    project('libs/whatsapp'),
    project('libs/secrets'),
    project('libs/documents'),
    project('libs/ai'),
    project('libs/data-rights'),
    project('libs/outbound-events'),
    project('libs/notifications'),
    project('libs/temporal'),
    project('libs/activity-sdk'),
    project('libs/safe-http'),
    project('libs/example-activities'),
    project('libs/campaigns'),
    project('libs/testing'),
    project('apps/api'),
    project('apps/worker'),
    project('apps/editor'),
    project('tools'),
    // Your custom activities (`npm run -s leadline -- activity new <name>` writes them here).
    ...(require('node:fs').existsSync(path.join(__dirname, 'activities')) ? [project('activities')] : []),
  ],
  // A deadline for a test that hangs, not a measure of speed: int and e2e tests wait on conditions,
  // and on a loaded 2-core machine a healthy one can take several times its usual time.
  testTimeout: 60000,
  // Every test file gets a fresh worker process. On a 2-core machine Jest would otherwise run every
  // file in one process (in band), and what one file leaves behind (native Temporal runtime threads,
  // a client's retry timers, a pool still draining) slows or breaks the files after it, in an order
  // that changes with Jest's timing cache. A limit no worker stays under recycles it after each file.
  workerIdleMemoryLimit: '1MB',
};
