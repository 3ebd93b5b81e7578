/**
 * The language-neutral model every front end produces: functions with their call-site control-flow
 * graphs (CSCFG) and the facts importance scoring needs.
 */
import type { EdgeKind } from '@autoscope/core';

/** Source languages the analyzer reads. */
export type Language = 'ts' | 'js' | 'python' | 'java' | 'go';

/** Kinds of external systems a call can reach. */
export type ExternalKind = 'db' | 'http' | 'rpc' | 'cache' | 'queue';

/** What a call site calls, once resolved. Unresolved calls are not kept. */
export type CallTarget =
  | { readonly kind: 'function'; readonly id: string }
  | {
      readonly kind: 'external';
      readonly library: string;
      readonly external: ExternalKind;
      readonly span: string;
    };

/** One resolved call site. */
export interface CallSiteIR {
  readonly target: CallTarget;
  /** "file:line". */
  readonly source: string;
}

/** One CSCFG block: calls that run one after another with no control flow between them. */
export interface BlockIR {
  readonly id: number;
  readonly calls: CallSiteIR[];
  readonly next: Set<number>;
  loop: boolean;
  handler: boolean;
  kind: EdgeKind;
}

/** A function's call-site control-flow graph. */
export interface CscfgIR {
  readonly blocks: readonly BlockIR[];
  /** Blocks reached straight from the function entry. */
  readonly entry: readonly number[];
  /** Blocks from which the function returns normally. */
  readonly exits: readonly number[];
  /** True when the function can return without running any call. */
  readonly emptyPath: boolean;
}

/** One function (or a span-creating callback, or a route handler) as analysed. */
export interface FunctionIR {
  /** Unique: `file#Qualified.name` (or `file#name@line` for anonymous ones). */
  readonly id: string;
  /** The span name it shows up as: a route, an explicit span, or `Class.method` / `function`. */
  readonly span: string;
  /**
   * Every name the span can have when there are several (a name built from a template literal whose
   * parts take a few known values, a handler under several routes); `span` is the first. Absent: `span`.
   */
  readonly names?: readonly string[];
  /** How the span name was found. */
  readonly origin: 'route' | 'span' | 'method';
  /** "file:line". */
  readonly source: string;
  readonly graph: CscfgIR;
  readonly errorHandling: boolean;
  /** Cyclomatic complexity (1 + decision points). */
  readonly complexity: number;
}

/** A file that could not be analysed (or only partly), with why. */
export interface FileProblem {
  readonly file: string;
  /** Stable: `unreadable`, `binary`, `too-large`, `syntax`, `symlink-loop`, `unsupported`, `too-complex` (a limit on expanding the file was hit). */
  readonly code: string;
  readonly message: string;
  readonly line?: number;
}

/** A source file handed to a front end. */
export interface SourceFile {
  /** Path relative to the analysis root, with `/` separators (used in ids and `source`). */
  readonly path: string;
  readonly absolute: string;
  readonly text: string;
  readonly language: Language;
}

/** What a front end returns for its files. */
export interface FrontEndResult {
  readonly functions: FunctionIR[];
  readonly problems: FileProblem[];
}

/** One front end per language family; it analyses all its files together (cross-file calls). */
export interface FrontEnd {
  readonly languages: readonly Language[];
  analyze(files: readonly SourceFile[]): Promise<FrontEndResult>;
}
