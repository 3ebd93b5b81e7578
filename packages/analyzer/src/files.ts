/**
 * Finds the source files to analyse under the given paths. Hostile input is reported per file and
 * skipped: unreadable files, binary files, files over the size limit, symlink loops.
 */
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { FileProblem, Language, SourceFile } from './model.js';

/** Which languages to pick up. */
export type LanguageChoice = 'auto' | Language;

const EXTENSIONS: ReadonlyMap<string, Language> = new Map([
  ['.ts', 'ts'],
  ['.tsx', 'ts'],
  ['.mts', 'ts'],
  ['.cts', 'ts'],
  ['.js', 'js'],
  ['.jsx', 'js'],
  ['.mjs', 'js'],
  ['.cjs', 'js'],
  ['.py', 'python'],
  ['.java', 'java'],
  ['.go', 'go'],
]);
const SKIPPED_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'vendor', 'target']);

/** The language of a file name, or undefined (declaration files `.d.ts` are not analysed). */
export function languageOf(name: string): Language | undefined {
  if (/\.d\.[cm]?ts$/.test(name)) return undefined;
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS.get(name.slice(dot));
}

/** Options of `collectFiles`. */
export interface CollectOptions {
  readonly lang: LanguageChoice;
  /** Files larger than this are reported `too-large` and skipped. */
  readonly maxFileBytes: number;
}

/** The files found, relative to `root` (the common directory of the paths), and the problems. */
export interface Collected {
  readonly root: string;
  readonly files: SourceFile[];
  readonly problems: FileProblem[];
}

/** Real paths of the directories visited, and of the ones being visited (a loop goes back to one of these). */
interface DirWalk {
  readonly seen: Set<string>;
  readonly ancestors: string[];
}

/** Walks `paths` (files or directories) in sorted order. Never throws for a bad file. */
export async function collectFiles(paths: readonly string[], o: CollectOptions): Promise<Collected> {
  const absolute = paths.map((p) => resolve(p));
  const stats = await Promise.all(absolute.map((p) => stat(p).catch(() => undefined)));
  const root = commonRoot(absolute.map((p, i) => (stats[i]?.isDirectory() ? p : dirname(p))));
  const out: Collected = { root, files: [], problems: [] };
  const walk: DirWalk = { seen: new Set(), ancestors: [] };
  for (const p of absolute) await visit(p, true, out, o, walk);
  out.files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return out;
}

async function visit(path: string, explicit: boolean, out: Collected, o: CollectOptions, walk: DirWalk) {
  const rel = relative(out.root, path).split(sep).join('/') || basename(path);
  const info = await lstat(path).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error)
    return problem(out, rel, info.code === 'ELOOP' ? 'symlink-loop' : 'unreadable', info.message);
  let isDir = info.isDirectory();
  if (info.isSymbolicLink()) {
    const target = await stat(path).catch((e: NodeJS.ErrnoException) => e);
    if (target instanceof Error)
      return problem(out, rel, target.code === 'ELOOP' ? 'symlink-loop' : 'unreadable', target.message);
    isDir = target.isDirectory();
  }
  if (isDir) return visitDir(path, rel, explicit, out, o, walk);
  const language = languageOf(path);
  if (language === undefined || (o.lang !== 'auto' && !sameFamily(o.lang, language))) {
    if (explicit) problem(out, rel, 'unsupported', 'not a source file of a supported language');
    return;
  }
  await readSource(path, rel, language, out, o);
}

async function visitDir(
  path: string,
  rel: string,
  explicit: boolean,
  out: Collected,
  o: CollectOptions,
  walk: DirWalk,
) {
  if (!explicit && SKIPPED_DIRS.has(basename(path))) return;
  const real = await realpath(path).catch(() => path);
  if (walk.ancestors.includes(real))
    return problem(out, rel, 'symlink-loop', 'links back to a directory above it (symlink loop)');
  // A second link to a directory already analysed adds nothing; it is not a problem.
  if (walk.seen.has(real)) return;
  walk.seen.add(real);
  const names = await readdir(path).catch((e: Error) => e);
  if (names instanceof Error) return problem(out, rel, 'unreadable', names.message);
  walk.ancestors.push(real);
  for (const name of names.sort()) await visit(join(path, name), false, out, o, walk);
  walk.ancestors.pop();
}

async function readSource(path: string, rel: string, language: Language, out: Collected, o: CollectOptions) {
  const size = await stat(path).then(
    (s) => s.size,
    () => -1,
  );
  if (size > o.maxFileBytes)
    return problem(out, rel, 'too-large', `${size} bytes is over the ${o.maxFileBytes}-byte limit`);
  const bytes = await readFile(path).catch((e: Error) => e);
  if (bytes instanceof Error) return problem(out, rel, 'unreadable', bytes.message);
  if (bytes.subarray(0, 8192).includes(0)) return problem(out, rel, 'binary', 'contains NUL bytes; not text');
  out.files.push({ path: rel, absolute: path, text: bytes.toString('utf8'), language });
}

function problem(out: Collected, file: string, code: string, message: string): void {
  out.problems.push({ file, code, message });
}

function sameFamily(choice: Language, found: Language): boolean {
  return choice === found || (choice === 'ts' && found === 'js');
}

function commonRoot(dirs: readonly string[]): string {
  if (dirs.length === 0) return process.cwd();
  let root = dirs[0]!;
  for (const d of dirs.slice(1))
    while (!(d === root || d.startsWith(root.endsWith(sep) ? root : root + sep))) root = dirname(root);
  return root;
}
