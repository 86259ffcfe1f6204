// Generates large git repositories quickly with `git fast-import`, and caches them under
// .cache/bench-repos so that repeated benchmark runs reuse them. Deterministic content.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface RepoSpec {
  readonly name: string;
  readonly files: number;
  readonly commits: number;
  /** Files modified in the working tree after the history is written. */
  readonly changed: number;
}

const CACHE = resolve(__dirname, '..', '..', '.cache', 'bench-repos');
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };

const filePath = (i: number) => `src/module${Math.floor(i / 100)}/file${i}.ts`;
const fileBody = (i: number, version: number) =>
  `// file ${i}\nexport function compute${i}(input: number): number {\n  return input * ${version + 1};\n}\n\nexport class Widget${i} {\n  value = ${i};\n}\n`;

function fastImportStream(spec: RepoSpec): string {
  const parts: string[] = [];
  let mark = 0;
  const start = 1_700_000_000;
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  // First commit: every file.
  parts.push(`commit refs/heads/main\nmark :${++mark}\ncommitter Bench <bench@example.invalid> ${start} +0000\n${data('Initial import')}`);
  for (let i = 0; i < spec.files; i++) parts.push(`M 100644 inline ${filePath(i)}\n${data(fileBody(i, 0))}`);
  for (let c = 1; c < spec.commits; c++) {
    const i = (c * 7919) % spec.files;
    parts.push(`commit refs/heads/main\nmark :${++mark}\ncommitter Bench <bench@example.invalid> ${start + c * 60} +0000\n${data(`Change ${c}: update file ${i}`)}from :${mark - 1}\n`);
    parts.push(`M 100644 inline ${filePath(i)}\n${data(fileBody(i, c))}`);
  }
  return parts.join('');
}

/** Returns the path of a repository matching `spec`, creating it (minutes for the largest) if needed. */
export function benchRepo(spec: RepoSpec): string {
  const dir = join(CACHE, spec.name);
  const stamp = join(CACHE, `${spec.name}.json`);
  const wanted = JSON.stringify(spec);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(join(dir, '.git'))) {
    execFileSync('git', ['checkout', '-q', '--', '.'], { cwd: dir });
    modify(dir, spec);
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: GIT_ENV });
  const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: fastImportStream(spec), env: GIT_ENV, maxBuffer: 1 << 30 });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr.toString()}`);
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir, env: GIT_ENV });
  modify(dir, spec);
  writeFileSync(stamp, wanted);
  return dir;
}

function modify(dir: string, spec: RepoSpec): void {
  for (let k = 0; k < spec.changed; k++) {
    const i = (k * 104_729) % spec.files;
    writeFileSync(join(dir, filePath(i)), `${fileBody(i, 999)}\n// TODO: revisit file ${i}\nexport const extra${i} = ${k};\n`);
  }
}
