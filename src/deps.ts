import type { Clock } from './clock.js'
import type { GitHubApi } from './github/api.js'
import type { Logger } from './logger.js'

/**
 * Every side effect the action has, behind small interfaces. `createDeps()` in runtime.ts wires the
 * real ones; unit tests pass fakes, so they need no network, no runner and no real waiting.
 */

/** Reads files of the checked-out repository (checklist file, stack detection). */
export interface RepoReader {
  /** The file's text, or undefined when it does not exist. Reads are capped in size. */
  read(path: string): Promise<string | undefined>
}

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** Runs a program (the Railway CLI for `deploy: cli`). */
export interface ExecOptions {
  cwd?: string
  env?: Record<string, string>
  /** Give up on the program after this long (it counts against the caller's deadline). */
  timeoutMs?: number
  /** Give up at once when this aborts (a cancelled job). */
  signal?: AbortSignal
}

/** Runs a program (the Railway CLI for `deploy: cli`); rejects with a `timeout`/`cancelled` GateError. */
export type Exec = (command: string, args: string[], options?: ExecOptions) => Promise<ExecResult>

/** The runner's input/output surface. */
export interface ActionIO {
  getInput(name: string): string | undefined
  setOutput(name: string, value: string): void
  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>
  setFailed(message: string): void
}

/** A WebSocket constructor that can send headers on the upgrade (Railway authenticates there). */
export type WebSocketFactory = (url: string, protocols: string[], headers: Record<string, string>) => unknown

export interface Deps {
  fetch: typeof fetch
  clock: Clock
  random: () => number
  env: NodeJS.ProcessEnv
  log: Logger
  io: ActionIO
  exec: Exec
  repo: RepoReader
  /** Builds the GitHub client for a token and API URL. */
  github: (token: string, apiUrl: string) => GitHubApi
  /** Opens WebSockets for Railway subscriptions; undefined means poll only. */
  webSocket?: WebSocketFactory
  /** Aborted when the job is cancelled (SIGINT/SIGTERM). */
  signal: AbortSignal
}
