import { COMMANDS } from './commands';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from './command';

declare const GRADLAB_VERSION: string | undefined;

// `gradlab train --json | head` closes the pipe early: stop quietly instead of a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const io: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  isTTY: Boolean(process.stdout.isTTY),
  stdin: process.stdin,
  errIsTTY: Boolean(process.stderr.isTTY),
  errRaw: (text) => process.stderr.write(text),
};

function version(): string {
  return typeof GRADLAB_VERSION === 'string' ? GRADLAB_VERSION : 'dev';
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 8);
  return [
    'gradlab: Gradient Lab from the command line: activations, gradient depth, training, the loss landscape.',
    '',
    'Usage: gradlab <command> [options]     gradlab <command> --help',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options: --help, --version. Most commands take --json for machine-readable output.',
    'Exit codes: 0 success, 1 failure (invalid input, diverged run), 2 bad usage.',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(help()); // bad usage: the help is a message, not data
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.out(version());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`gradlab: unknown command '${name}'. Run 'gradlab --help' for the list.`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`gradlab ${command.name}: ${e.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    // No stack traces for users; GRADLAB_DEBUG=1 shows them.
    io.err(`gradlab ${command.name}: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.GRADLAB_DEBUG) io.err(String(e instanceof Error ? e.stack : e));
    return EXIT_FAILURE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`gradlab: ${String(e)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
