/**
 * What the stages may say to the runner's log. main wires it to @actions/core; tests pass a recorder.
 */
export interface Logger {
  /**
   * False when nothing reads workflow commands from this log (the preflight CLI's terminal): untrusted
   * text then needs no `::stop-commands::` fence. Absent means a runner may be reading.
   */
  readonly parsesWorkflowCommands?: boolean
  /**
   * Writes a line the action composed itself, verbatim: the one way to emit a workflow command on
   * purpose (the stop-commands fence). `info` neutralises commands in whatever it is given.
   */
  raw?(line: string): void
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  /** Registers a value with the runner's masker. */
  setSecret(value: string): void
  /** Runs `fn` inside a collapsible group of the runner's log. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

/** A logger that remembers every line, for tests and for leak checks. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = []
  readonly secrets: string[] = []
  debug(message: string): void {
    this.lines.push(`debug: ${message}`)
  }
  info(message: string): void {
    this.lines.push(message)
  }
  raw(line: string): void {
    this.lines.push(line)
  }
  warning(message: string): void {
    this.lines.push(`warning: ${message}`)
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`)
  }
  setSecret(value: string): void {
    this.secrets.push(value)
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`group: ${title}`)
    return fn()
  }
}
