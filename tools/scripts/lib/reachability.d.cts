import type { ServiceAddress } from './service-address.cjs';
export declare function isReachable(
  address: Pick<ServiceAddress, 'host' | 'port'> & { socketPath?: string | null },
  timeoutMs?: number,
): Promise<boolean>;
export declare function waitUntilReachable(
  address: Pick<ServiceAddress, 'host' | 'port'> & { socketPath?: string | null },
  totalMs: number,
  intervalMs?: number,
): Promise<boolean>;
