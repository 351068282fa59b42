export interface PgCluster {
  version: string;
  name: string;
  port: number;
  status: string;
}
export declare function findExecutable(name: string, pathValue?: string): string | null;
export declare function parsePgLsClusters(output: string): PgCluster[];
export declare function redisServerArgs(options: { port: number; dir: string }): string[];
