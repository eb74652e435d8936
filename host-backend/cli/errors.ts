// What every CLI part shares: the error that ends a command with an exit code, and the I/O it writes to.

/** Errors that end the command with a message and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

export interface Io {
  out(s: string): void;
  err(s: string): void;
  readStdin(): Promise<string>;
}

