export type EnvMap = Record<string, string>;
export declare function parseDotEnv(text: string): EnvMap;
export declare function readDotEnvFile(file: string): EnvMap;
export declare function mergeEnv(sources: {
  defaults?: Record<string, string | undefined>;
  fileEnv?: Record<string, string | undefined>;
  processEnv?: Record<string, string | undefined>;
}): EnvMap;
