export interface LockEntry {
  version?: string;
  optional?: boolean;
  devOptional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  [key: string]: unknown;
}
export interface Lockfile {
  packages?: Record<string, LockEntry>;
}
export declare function lockfilesMatch(lock: Lockfile | null, installed: Lockfile | null): boolean;
export declare function decideInstall(state: {
  hasLockfile: boolean;
  hasNodeModules: boolean;
  hasInstalledLock: boolean;
  lockNewerThanInstall: boolean;
  lockMatchesInstalled: boolean;
}): { action: 'ci' | 'install' | 'none'; reason: string };
export declare function decidePrismaGenerate(times: {
  schemaMtimeMs: number | null;
  generatedMtimeMs: number | null;
}): { generate: boolean; reason: string };
