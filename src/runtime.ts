import * as core from '@actions/core'
import * as actionsExec from '@actions/exec'
import { readFile, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import WebSocket from 'ws'
import { formatDuration, systemClock } from './clock.js'
import type { Deps, Exec, RepoReader } from './deps.js'
import { GateError } from './errors.js'
import { createOctokitApi } from './github/api.js'
import type { Logger } from './logger.js'
import { neutralizeWorkflowCommands } from './report/runner-log.js'

/** The real side effects, wired for a runner. Only index.ts calls this. */

const MAX_REPO_FILE_BYTES = 1024 * 1024

export const coreLogger: Logger = {
  debug: (m) => core.debug(m),
  // core.info writes the text as it is, and the runner reads commands from every line it prints.
  info: (m) => core.info(neutralizeWorkflowCommands(m)),
  raw: (line) => core.info(line),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  setSecret: (v) => core.setSecret(v),
  group: (title, fn) => core.group(title, fn)
}

/** Reads files under the workspace only, and only up to a size a checklist or manifest can have. */
export function workspaceReader(root: string): RepoReader {
  const base = path.resolve(root)
  const inside = (real: string, top: string) => real === top || real.startsWith(top + path.sep)
  return {
    async read(relative) {
      const full = path.resolve(base, relative)
      if (!inside(full, base)) return undefined
      try {
        // Through symlinks too: a link committed to the repository must not lead out of the workspace.
        const [real, realBase] = await Promise.all([realpath(full), realpath(base)])
        if (!inside(real, realBase)) return undefined
        const info = await stat(real)
        if (!info.isFile() || info.size > MAX_REPO_FILE_BYTES) return undefined
        return await readFile(real, 'utf8')
      } catch {
        return undefined
      }
    }
  }
}

/**
 * Runs a program through @actions/exec (which finds `railway.cmd` on Windows runners too), bounded by
 * a time limit and the job's cancellation. @actions/exec cannot stop the program: past the bound the
 * action moves on and reports, and the runner ends the job's processes when the job ends.
 */
export const boundedExec: Exec = async (command, args, options = {}) => {
  const running = actionsExec.getExecOutput(command, args, { cwd: options.cwd, env: options.env, ignoreReturnCode: true, silent: true })
  const limits: Promise<never>[] = []
  const cleanups: Array<() => void> = []
  if (options.timeoutMs !== undefined) {
    limits.push(
      new Promise((_, reject) => {
        const timer = setTimeout(() => reject(new GateError('timeout', `${command} did not finish within ${formatDuration(options.timeoutMs!)}.`)), options.timeoutMs)
        cleanups.push(() => clearTimeout(timer))
      })
    )
  }
  if (options.signal) {
    const signal = options.signal
    limits.push(
      new Promise((_, reject) => {
        const onAbort = () => reject(new GateError('cancelled', `${command} was cancelled.`))
        if (signal.aborted) return onAbort()
        signal.addEventListener('abort', onAbort, { once: true })
        cleanups.push(() => signal.removeEventListener('abort', onAbort))
      })
    )
  }
  try {
    const result = await Promise.race([running, ...limits])
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
  } finally {
    for (const cleanup of cleanups) cleanup()
  }
}

export function createDeps(signal: AbortSignal): Deps {
  return {
    fetch: globalThis.fetch.bind(globalThis),
    clock: systemClock,
    random: Math.random,
    env: process.env,
    log: coreLogger,
    io: {
      // undefined when the runner did not set the input at all (local runs), '' when it was set empty.
      getInput: (name) => (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] === undefined ? undefined : core.getInput(name)),
      setOutput: (name, value) => core.setOutput(name, value),
      appendSummary: async (markdown) => {
        if (!process.env.GITHUB_STEP_SUMMARY) return
        await core.summary.addRaw(markdown).write()
      },
      setFailed: (message) => core.setFailed(message)
    },
    exec: boundedExec,
    repo: workspaceReader(process.env.GITHUB_WORKSPACE ?? process.cwd()),
    github: (token, apiUrl) => createOctokitApi(token, apiUrl, coreLogger),
    webSocket: (url, protocols, headers) => new WebSocket(url, protocols, { headers, handshakeTimeout: 10_000 }),
    signal
  }
}
