/** An error the CLI reports in one line, with its exit code (2: bad arguments or unreadable input). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}
