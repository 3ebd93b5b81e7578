import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every regular file under `dir`, recursively, whose path satisfies `accept`, in sorted path order (by
 * UTF-16 code units, so the order is the same on every machine). Symbolic links are not followed.
 */
export async function listFiles(dir: string, accept: (path: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const entry of await readdir(next, { withFileTypes: true })) {
      const path = join(next, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && accept(path)) found.push(path);
    }
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
