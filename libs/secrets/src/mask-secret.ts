const HIDDEN = '********';

/**
 * A secret shortened for display: at most 4 characters at each end and never more than a quarter of
 * it in total (`EAAB…9xYz`); short secrets are fully hidden. Same output length for any short one,
 * so the mask does not reveal how long they are.
 */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 8));
  if (shown === 0) return HIDDEN;
  return `${secret.slice(0, shown)}…${secret.slice(-shown)}`;
}
