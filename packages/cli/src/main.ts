import { AutoscopeError } from '@autoscope/core';
import { type Command, commandHelp, parseFlags } from './args.js';
import { COMMANDS } from './commands/index.js';
import { ExitCode, UsageError } from './errors.js';

const VERSION = '0.1.0';

/** Runs the `autoscope` command line; resolves to the process exit code. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return ExitCode.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) return fail(new UsageError(name, `unknown command; run "autoscope --help"`));
  try {
    const { flags, positionals } = parseFlags(command, rest);
    if (flags.help === true) {
      process.stdout.write(commandHelp(command));
      return ExitCode.OK;
    }
    return await command.run(flags, positionals);
  } catch (error) {
    return fail(error);
  }
}

function fail(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    return ExitCode.USAGE;
  }
  if (error instanceof AutoscopeError) {
    process.stderr.write(`autoscope: ${error.message} [${error.code}]\n`);
    return ExitCode.INVALID_INPUT;
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
    process.stderr.write(`autoscope: ${(error as Error).message}\n`);
    return ExitCode.INVALID_INPUT;
  }
  process.stderr.write(`autoscope: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
  return ExitCode.FAILURE;
}

function overview(): string {
  const rows = COMMANDS.map((c: Command) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
  return `autoscope ${VERSION}: span-level trace sampling for OpenTelemetry\n\nUsage: autoscope <command> [options]\n\nCommands:\n${rows}\n\nRun "autoscope <command> --help" for a command's options.\nExit codes: 0 ok, 1 failure, 2 usage error, 3 invalid input or configuration, 130 interrupted.\n`;
}
