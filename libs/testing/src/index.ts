export { createTestDatabase, type TestDatabase } from './test-database';
export { killIfRunning, spawnEntry, REPO_ROOT, type SpawnedProcess } from './spawned-process';
export { closedPort } from './ports';
