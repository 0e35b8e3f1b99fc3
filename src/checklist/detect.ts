import type { RepoReader } from '../deps.js'

/**
 * `stack: auto`: guesses the presets from the checked-out repository and says why for each.
 * A first cut: the skeleton knows Django and Node; the checklist issue widens it.
 */
export interface Detection {
  presets: string[]
  reasons: string[]
}

export async function detectStack(repo: RepoReader): Promise<Detection> {
  const presets: string[] = []
  const reasons: string[] = []
  const add = (preset: string, reason: string) => {
    if (!presets.includes(preset)) {
      presets.push(preset)
      reasons.push(`${preset}: ${reason}`)
    }
  }
  if ((await repo.read('manage.py')) !== undefined) add('django', 'manage.py found')
  const packageJson = await repo.read('package.json')
  if (packageJson !== undefined) add('node', 'package.json found')
  return { presets, reasons }
}
