import type { ConfigIssue } from './config-error';

/**
 * Where the API and the worker's health server listen. The built-in development secrets are public
 * (they are in this repository): with them, anyone who can reach the port can forge an owner's access
 * token. So while one is in use, Leadline listens on loopback only, and refuses LISTEN_HOST pointing
 * anywhere else; with real secrets it listens where LISTEN_HOST says (every interface when unset).
 */
export const LOOPBACK_HOST = '127.0.0.1';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

export interface ListenHostDecision {
  /** undefined: every interface (Node's default). */
  host?: string;
  loopbackOnly: boolean;
  issue?: ConfigIssue;
}

export function decideListenHost(
  requested: string | undefined,
  usingDevelopmentSecrets: boolean,
): ListenHostDecision {
  if (!usingDevelopmentSecrets) {
    return {
      ...(requested ? { host: requested } : {}),
      loopbackOnly: requested ? isLoopbackHost(requested) : false,
    };
  }
  if (requested === undefined) return { host: LOOPBACK_HOST, loopbackOnly: true };
  if (isLoopbackHost(requested)) return { host: requested, loopbackOnly: true };
  return {
    loopbackOnly: true,
    issue: {
      variable: 'LISTEN_HOST',
      message:
        `must be a loopback address (127.0.0.1, ::1 or localhost) while the built-in development ` +
        `JWT_SECRET or ENCRYPTION_KEY is in use; set both to real secrets to listen on ${requested}`,
    },
  };
}
