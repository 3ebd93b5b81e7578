import { createHash } from 'node:crypto';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { type AutoscopeConfig, parseConfigText } from '@autoscope/core';
import { ConfigFileError } from './config-file-error.js';

/**
 * Reads and validates a configuration file.
 *
 * @throws ConfigFileError when the file cannot be read; InvalidConfigError (naming the file, every
 *   problem with its JSON path or line and column) when its content is not a valid configuration.
 */
export async function loadConfigFile(path: string): Promise<AutoscopeConfig> {
  return parseConfigText(await readText(path), path);
}

/** What `watchConfigFile` reports. */
export interface ConfigWatchHandlers {
  /** A new, valid configuration whose content differs from the last one seen. */
  onChange(config: AutoscopeConfig): void;
  /** The file became unreadable or invalid; the caller keeps its current configuration. */
  onError(error: Error): void;
  /** Quiet time after the last change event before the file is read (default 100 ms). */
  readonly debounceMs?: number;
}

/** A running watch; `close` stops it and no callback runs afterwards. */
export interface ConfigWatch {
  close(): void;
}

/** Default quiet time before a changed file is read. */
export const CONFIG_WATCH_DEBOUNCE_MS = 100;

/**
 * Watches a configuration file and reports each new valid content. It watches the file's directory, so
 * editors that save by writing a temporary file and renaming it are seen; events are debounced and
 * content is hashed, so a save that changes nothing reports nothing. A bad file is reported through
 * `onError` (once per distinct content) and never replaces the last good configuration: `onChange` is
 * simply not called. The content present when watching starts counts as seen (load it with
 * `loadConfigFile` first). The watch does not keep the process alive.
 *
 * @throws ConfigFileError when the directory cannot be watched.
 */
export function watchConfigFile(path: string, handlers: ConfigWatchHandlers): ConfigWatch {
  const state = {
    lastHash: initialHash(path),
    timer: undefined as NodeJS.Timeout | undefined,
    closed: false,
  };
  const debounceMs = handlers.debounceMs ?? CONFIG_WATCH_DEBOUNCE_MS;
  const name = basename(path);
  const reload = () => {
    state.timer = undefined;
    void reloadOnce(path, state, handlers);
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (state.closed || (file !== null && file !== name)) return;
      if (state.timer !== undefined) clearTimeout(state.timer);
      state.timer = setTimeout(reload, debounceMs);
      state.timer.unref();
    });
  } catch (error) {
    throw new ConfigFileError(path, `cannot watch its directory: ${messageOf(error)}`, { cause: error });
  }
  watcher.on('error', (error) =>
    report(handlers, state, new ConfigFileError(path, `watch failed: ${error.message}`, { cause: error })),
  );
  return {
    close() {
      state.closed = true;
      if (state.timer !== undefined) clearTimeout(state.timer);
      watcher.close();
    },
  };
}

interface WatchState {
  lastHash: string;
  closed: boolean;
}

async function reloadOnce(path: string, state: WatchState, handlers: ConfigWatchHandlers): Promise<void> {
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    state.lastHash = '';
    report(handlers, state, error as Error);
    return;
  }
  const hash = hashOf(text);
  if (state.closed || hash === state.lastHash) return;
  state.lastHash = hash;
  let config: AutoscopeConfig;
  try {
    config = parseConfigText(text, path);
  } catch (error) {
    report(handlers, state, error as Error);
    return;
  }
  try {
    handlers.onChange(config);
  } catch (error) {
    report(handlers, state, error instanceof Error ? error : new Error(String(error)));
  }
}

function report(handlers: ConfigWatchHandlers, state: WatchState, error: Error): void {
  if (state.closed) return;
  try {
    handlers.onError(error);
  } catch {
    // A throwing error handler must not stop the watch.
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(path, `cannot read: ${messageOf(error)}`, { cause: error });
  }
}

function initialHash(path: string): string {
  try {
    return hashOf(readFileSync(path, 'utf8'));
  } catch {
    return '';
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
