/**
 * The TypeScript/JavaScript front end: one TypeScript program over every file, with the type checker
 * resolving calls through imports, re-exports, aliases and methods. Modules outside the analysed files
 * are not loaded (no lib, no node_modules), which keeps it fast; library calls are recognised from
 * the import or `require` their value came from.
 */
import ts from 'typescript';
import { clientLibrary } from '../libraries.js';
import type { CallTarget, FileProblem, FrontEnd, FrontEndResult, FunctionIR, SourceFile } from '../model.js';
import { functionNodeOf, namedFunctions } from './ts-functions.js';
import { NameResolver } from './ts-names.js';
import { OriginResolver } from './ts-origin.js';
import { routeTables } from './ts-route-tables.js';
import { routeSpanOf, routesIn } from './ts-routes.js';
import { type WalkContext, walkFunction } from './ts-walk.js';

const OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  noLib: true,
  types: [],
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  experimentalDecorators: true,
  skipLibCheck: true,
};

/** The TypeScript/JavaScript front end. */
export class TypeScriptFrontEnd implements FrontEnd {
  readonly languages = ['ts', 'js'] as const;

  async analyze(files: readonly SourceFile[]): Promise<FrontEndResult> {
    const program = createProgram(files);
    const checker = program.getTypeChecker();
    const origin = new OriginResolver(checker);
    const problems: FileProblem[] = [];
    const sources: { file: ts.SourceFile; path: string }[] = [];
    for (const f of files) {
      const sf = program.getSourceFile(f.absolute);
      if (sf === undefined) continue;
      const syntax = program.getSyntacticDiagnostics(sf)[0];
      if (syntax === undefined) sources.push({ file: sf, path: f.path });
      else problems.push(syntaxProblem(f.path, sf, syntax));
    }
    return { functions: new Analysis(checker, origin, sources).run(), problems };
  }
}

/**
 * The global types the checker needs for arrays (without them `readonly Route[]` is an error type and
 * object literals in arrays have no contextual type), and nothing else: no lib is loaded.
 */
const MINIMAL_LIB_NAME = '/__autoscope_minimal_lib__.d.ts';
const MINIMAL_LIB = [
  'interface Array<T> { length: number; [n: number]: T; }',
  'interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }',
  ...['Boolean', 'Function', 'IArguments', 'Number', 'Object', 'RegExp', 'String'].map(
    (t) => `interface ${t} {}`,
  ),
  'interface CallableFunction extends Function {}',
  'interface NewableFunction extends Function {}',
].join('\n');

function createProgram(files: readonly SourceFile[]): ts.Program {
  const byPath = new Map(files.map((f) => [f.absolute, f.text]));
  byPath.set(MINIMAL_LIB_NAME, MINIMAL_LIB);
  const host = ts.createCompilerHost(OPTIONS, true);
  host.fileExists = (name) => byPath.has(name);
  host.readFile = (name) => byPath.get(name);
  host.directoryExists = () => true;
  host.getSourceFile = (name, version) => {
    const text = byPath.get(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, version, true, scriptKind(name));
  };
  return ts.createProgram({ rootNames: [...byPath.keys()], options: OPTIONS, host });
}

function scriptKind(name: string): ts.ScriptKind {
  if (name.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (name.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return /\.[cm]?js$/.test(name) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

function syntaxProblem(path: string, sf: ts.SourceFile, d: ts.Diagnostic): FileProblem {
  const line = sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
  const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  return { file: path, code: 'syntax', message: `syntax error at line ${line}: ${message}`, line };
}

class Analysis {
  private readonly idByNode = new Map<ts.Node, string>();
  private readonly functions: FunctionIR[] = [];

  private readonly names: NameResolver;
  private callSites: Map<ts.Node, (ts.CallExpression | ts.NewExpression)[]> | undefined;

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly origin: OriginResolver,
    private readonly sources: readonly { file: ts.SourceFile; path: string }[],
  ) {
    this.names = new NameResolver(checker, (fn) => this.callSitesOf(fn));
  }

  run(): FunctionIR[] {
    const named = this.sources.map((s) => ({ ...s, fns: namedFunctions(s.file) }));
    for (const s of named)
      for (const fn of s.fns) this.idByNode.set(fn.node, this.uniqueId(`${s.path}#${fn.name}`));
    const routeSpans = new Map<ts.Node, string[]>();
    for (const route of routeTables(
      this.sources.map((s) => s.file),
      this.checker,
      this.names,
    ))
      for (const handler of route.handlers) addNames(routeSpans, handler, route.names);
    for (const s of named) {
      const ctx = this.context(s.file, s.path);
      for (const route of routesIn(s.file, this.origin))
        this.addRoute(ctx, route.span, route.handler, routeSpans);
      for (const fn of s.fns) {
        const route = routeSpans.get(fn.node);
        const id = this.idByNode.get(fn.node)!;
        this.functions.push(walkFunction(ctx, fn.node, id, route ?? fn.name, route ? 'route' : 'method'));
      }
    }
    return this.functions;
  }

  /** The calls and `new` expressions of the analysed code that resolve to `fn` (indexed once). */
  private callSitesOf(fn: ts.Node): readonly (ts.CallExpression | ts.NewExpression)[] {
    if (this.callSites === undefined) {
      const index = new Map<ts.Node, (ts.CallExpression | ts.NewExpression)[]>();
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const target = this.declaredFunction(node.expression);
          if (target !== undefined) index.set(target, [...(index.get(target) ?? []), node]);
        }
        ts.forEachChild(node, visit);
      };
      for (const s of this.sources) visit(s.file);
      this.callSites = index;
    }
    return this.callSites.get(fn) ?? [];
  }

  private readonly ids = new Set<string>();
  private uniqueId(id: string): string {
    let out = id;
    for (let i = 2; this.ids.has(out); i++) out = `${id}#${i}`;
    this.ids.add(out);
    return out;
  }

  /** Inline handlers become route functions; named handlers get the route as their span name. */
  private addRoute(ctx: WalkContext, span: string, handler: ts.Node, named: Map<ts.Node, string[]>): void {
    const own = this.idByNode.has(handler) ? handler : this.declaredFunction(handler);
    if (own !== undefined && this.idByNode.has(own)) {
      addNames(named, own, [span]);
      return;
    }
    if (!ts.isArrowFunction(handler) && !ts.isFunctionExpression(handler)) return;
    const line = ctx.file.getLineAndCharacterOfPosition(handler.getStart(ctx.file)).line + 1;
    this.functions.push(
      walkFunction(ctx, handler, this.uniqueId(`${ctx.path}#${span}@${line}`), span, 'route'),
    );
  }

  private context(file: ts.SourceFile, path: string): WalkContext {
    return {
      file,
      path,
      idOfNode: (node) => this.idByNode.get(node),
      resolve: (call) => this.resolve(call),
      reference: (expr) => this.reference(expr),
      addFunction: (fn) => this.functions.push(fn),
      isRoute: (call) => routeSpanOf(call, this.origin) !== undefined,
      spanNames: (expr) => this.names.spanNames(expr),
    };
  }

  /** The function a callee or reference denotes, through imports, aliases and `const f = g` copies. */
  private declaredFunction(expr: ts.Node, depth = 0): ts.Node | undefined {
    const target = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
    let symbol = this.checker.getSymbolAtLocation(target);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias)
      symbol = this.checker.getAliasedSymbol(symbol);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (decl === undefined) return undefined;
    if (ts.isClassDeclaration(decl)) return decl.members.find(ts.isConstructorDeclaration);
    const copied = ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
    if (
      copied !== undefined &&
      depth < 4 &&
      (ts.isIdentifier(copied) || ts.isPropertyAccessExpression(copied))
    )
      return this.declaredFunction(copied, depth + 1);
    return functionNodeOf(decl);
  }

  /** A project function passed by reference (`items.forEach(handle)`), or undefined. */
  private reference(expr: ts.Expression): CallTarget | undefined {
    if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr)) return undefined;
    const fn = this.declaredFunction(expr);
    const id = fn === undefined ? undefined : this.idByNode.get(fn);
    return id === undefined ? undefined : { kind: 'function', id };
  }

  private resolve(call: ts.CallExpression | ts.NewExpression): CallTarget | undefined {
    const fn = this.declaredFunction(call.expression);
    const id = fn === undefined ? undefined : this.idByNode.get(fn);
    if (id !== undefined) return { kind: 'function', id };
    // Constructing a client (`new Pool()`) talks to no one; its calls do.
    if (ts.isNewExpression(call)) return undefined;
    const callee = call.expression;
    const method = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : 'call';
    const module = this.origin.moduleOf(callee);
    const lib = module === undefined || module.startsWith('.') ? undefined : clientLibrary(module);
    if (module !== undefined && lib !== undefined)
      return {
        kind: 'external',
        library: lib.name,
        external: lib.external,
        span: `${packageOf(module)}.${method}`,
      };
    // The WHATWG global (no declaration in scope means it was not shadowed).
    if (
      ts.isIdentifier(callee) &&
      callee.text === 'fetch' &&
      this.checker.getSymbolAtLocation(callee) === undefined
    )
      return { kind: 'external', library: 'http', external: 'http', span: 'fetch' };
    return undefined;
  }
}

function addNames(map: Map<ts.Node, string[]>, node: ts.Node, names: readonly string[]): void {
  const list = map.get(node) ?? [];
  for (const n of names) if (!list.includes(n)) list.push(n);
  map.set(node, list);
}

/** `node:http` -> `http`, `@grpc/grpc-js/build/x` -> `@grpc/grpc-js`, `mysql2/promise` -> `mysql2`. */
function packageOf(module: string): string {
  const bare = module.replace(/^node:/, '');
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
