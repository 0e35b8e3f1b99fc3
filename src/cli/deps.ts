import WebSocket from 'ws'
import { systemClock } from '../clock.js'
import type { Deps } from '../deps.js'
import { createOctokitApi } from '../github/api.js'
import type { InputName } from '../config/inputs.js'
import type { Logger } from '../logger.js'
import { boundedExec, workspaceReader } from '../runtime.js'
import { neutralizeWorkflowCommands } from '../report/runner-log.js'
import { stripControls } from '../report/sanitize.js'
import { markdownToTerminal, type Paint } from './terminal.js'

/**
 * The preflight's side effects. Same Railway client, same stages; what differs from a runner: inputs
 * come from flags, the report goes to the terminal instead of a job summary, progress lines go to
 * stderr, and there is no masker (the report never holds a variable's value, so there is nothing to mask).
 */

export interface TerminalOut {
  /** The report and the verdict. */
  stdout: (text: string) => void
  /** Progress while the run goes on. */
  stderr: (text: string) => void
}

export interface CliRunState {
  outputs: Record<string, string>
  failure?: string
}

export function terminalLogger(out: TerminalOut, p: Paint, verbose: boolean, insideActions = false): Logger {
  // Text from Railway and the app may hold terminal escapes (OSC 52 writes the clipboard): stripped.
  // Run inside a GitHub Actions job, the output is a runner log again, and commands in it are made inert.
  const clean = (m: string) => (insideActions ? neutralizeWorkflowCommands(stripControls(m)) : stripControls(m))
  return {
    parsesWorkflowCommands: insideActions,
    raw: (line) => out.stderr(line),
    debug: (m) => {
      if (verbose) out.stderr(p.dim(`  debug  ${clean(m)}`))
    },
    info: (m) => out.stderr(p.dim(`  · ${clean(m)}`)),
    warning: (m) => out.stderr(p.yellow(`  ! ${clean(m)}`)),
    error: (m) => out.stderr(p.red(`  ✗ ${clean(m)}`)),
    setSecret: () => {},
    async group(title, fn) {
      out.stderr(p.bold(`▸ ${clean(title)}`))
      return fn()
    }
  }
}

export function createCliDeps(options: {
  inputs: Partial<Record<InputName, string>>
  cwd: string
  env: NodeJS.ProcessEnv
  out: TerminalOut
  paint: Paint
  verbose: boolean
  signal: AbortSignal
  state: CliRunState
}): Deps {
  const { out, paint: p, state } = options
  const log = terminalLogger(out, p, options.verbose, options.env.GITHUB_ACTIONS === 'true')
  return {
    fetch: globalThis.fetch.bind(globalThis),
    clock: systemClock,
    random: Math.random,
    env: options.env,
    log,
    io: {
      getInput: (name) => options.inputs[name as InputName],
      setOutput: (name, value) => {
        state.outputs[name] = value
      },
      appendSummary: async (markdown) => out.stdout(`\n${markdownToTerminal(stripControls(markdown), p)}`),
      setFailed: (message) => {
        state.failure = message
      }
    },
    exec: boundedExec,
    repo: workspaceReader(options.cwd),
    github: (token, apiUrl) => createOctokitApi(token, apiUrl, log),
    webSocket: (url, protocols, headers) => new WebSocket(url, protocols, { headers, handshakeTimeout: 10_000 }),
    signal: options.signal
  }
}
