export declare function parseVersion(text: string): [number, number, number] | null;
export declare function checkNodeVersion(
  current: string,
  range: string | undefined,
): { ok: boolean; checked: boolean; required: string };
