import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../sandbox/index.ts'

/**
 * Builds bench/pipeline-entry.ts into a throwaway bundle (never committed) with the same ncc that
 * builds dist/ (transpile only: type checking is `npm run typecheck`'s job, and a type error elsewhere
 * in the tree must not stop a benchmark), then runs it once per sample in a fresh Node process.
 */

export interface PipelineSample {
  inputBytes: number
  lines: number
  sanitizeMs: number
  renderMs: number
  totalMs: number
  rssBeforeMb: number
  peakRssMb: number
  summaryChars: number
  commentChars: number
  leaked: number
}

export function measureLogPipeline(samples: number): PipelineSample[] {
  const ncc = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
  if (!existsSync(ncc)) throw new Error('@vercel/ncc is missing: run `npm ci` first.')
  const out = mkdtempSync(join(tmpdir(), 'rdg-bench-pipeline-'))
  try {
    const build = spawnSync(process.execPath, [ncc, 'build', join(ROOT, 'bench', 'pipeline-entry.ts'), '-o', out, '-q', '--transpile-only'], { cwd: ROOT, encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`ncc could not build the pipeline bench:\n${build.stderr}${build.stdout}`)
    const results: PipelineSample[] = []
    for (let i = 0; i < samples; i++) {
      const run = spawnSync(process.execPath, [join(out, 'index.js')], { encoding: 'utf8', timeout: 120_000 })
      if (run.status !== 0) throw new Error(`The pipeline bench failed:\n${run.stderr}`)
      results.push(JSON.parse(run.stdout.trim().split('\n').at(-1)!) as PipelineSample)
    }
    return results
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}
