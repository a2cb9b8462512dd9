/** `gradlab validate FILE... [--json]`: the editor's diagnostics for *.gradlab.json files, as text. */
import { checkConfig, hasErrors, formatProblem, lineColumn } from '../../training/config';
import { readConfigSource, STDIN_NAME } from '../stdin';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand } from '../command';

const USAGE = `Usage: gradlab validate FILE... [--json]

Checks training configs (*.gradlab.json) as the editor does: syntax, the schema, layer sizes,
names, expressions and the memory a run would need. A FILE of - reads a config from standard
input; messages call it <stdin>.

Prints one line per problem, file:line:column: severity: message (lines and columns from 1),
or with --json one object per file:
  {"file", "valid", "problems": [{"line", "column", "end_line", "end_column", "severity", "code", "message"}]}
Exits 0 when every file is valid (warnings allowed), 1 otherwise.`;

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check *.gradlab.json training configs (file:line:column: message)',
  usage: USAGE,
  async run(args, io) {
    const json = args.includes('--json');
    const files = args.filter((a) => a !== '--json');
    const unknown = files.find((f) => f.startsWith('-') && f !== '-');
    if (unknown) throw new UsageError(`unknown option ${unknown}`);
    if (files.length === 0) throw new UsageError('give at least one FILE');
    if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
    let ok = true;
    for (const arg of files) {
      const path = arg === '-' ? STDIN_NAME : arg;
      let text: string;
      try {
        text = (await readConfigSource(arg, io.stdin ?? process.stdin)).text;
      } catch (e) {
        ok = false;
        const message = e instanceof Error ? e.message : String(e);
        if (json) io.out(JSON.stringify({ file: path, valid: false, error: message, problems: [] }));
        else io.err(`gradlab validate: ${message}`);
        continue;
      }
      const { problems } = checkConfig(text);
      const valid = !hasErrors(problems);
      ok &&= valid;
      if (json) {
        io.out(JSON.stringify({
          file: path,
          valid,
          problems: problems.map((p) => {
            const start = lineColumn(text, p.start);
            const end = lineColumn(text, p.end);
            return { line: start.line, column: start.column, end_line: end.line, end_column: end.column, severity: p.severity, code: p.code, message: p.message };
          }),
        }));
      } else {
        for (const p of problems) io.out(formatProblem(path, text, p));
        if (valid && files.length > 1) io.out(`${path}: ok`);
      }
    }
    return ok ? EXIT_OK : EXIT_FAILURE;
  },
};
