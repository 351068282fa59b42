export interface ServiceAddress {
  host: string;
  port: number;
  socketPath: string | null;
}
export declare function parseServiceAddress(
  url: string | undefined,
  options: { name: string; defaultHost: string; defaultPort: number },
): ServiceAddress;
export declare function isLocalHost(host: string): boolean;
export declare function redactUrl(url: string): string;
export declare function describeAddress(address: ServiceAddress): string;
