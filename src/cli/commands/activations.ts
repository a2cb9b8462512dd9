/** `gradlab activations [--json]`: the engine's activation registry, as the Plot Activation picker lists it. */
import { ACTIVATIONS } from '../../plot/catalog';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

const USAGE = `Usage: gradlab activations [--json]

Lists every activation the engine knows (the names configs, \`gradlab plot\` and the Plot Activation
panel accept), with its parameters (default [min..max]) and a one-line description.
With --json, one array of {"name", "label", "kind", "aliases", "torch", "description",
"params": [{"name", "label", "default", "min", "max", "step", "description"}]}.`;

export const activationsCommand: CliCommand = {
  name: 'activations',
  summary: 'list the activation functions (names, parameters, descriptions)',
  usage: USAGE,
  async run(args, io) {
    const unknown = args.find((a) => a !== '--json');
    if (unknown) throw new UsageError(`unexpected argument ${unknown}`);
    if (args.includes('--json')) {
      io.out(
        JSON.stringify(
          ACTIVATIONS.map((a) => ({
            name: a.name,
            label: a.label,
            kind: a.kind,
            aliases: a.aliases,
            torch: a.torch,
            description: a.description,
            params: a.params.map((p) => ({ name: p.name, label: p.label, default: p.default, min: p.min, max: p.max, step: p.step, description: p.description })),
          })),
          null,
          2,
        ),
      );
      return EXIT_OK;
    }
    const width = Math.max(...ACTIVATIONS.map((a) => a.name.length));
    for (const a of ACTIVATIONS) {
      const params = a.params.map((p) => `${p.name}=${p.default} [${p.min}..${p.max}]`).join(', ');
      const kind = a.kind === 'normalizer' ? ' (vector-valued)' : '';
      io.out(`${a.name.padEnd(width)}  ${a.description}${kind}${params ? `\n${' '.repeat(width)}  parameters: ${params}` : ''}`);
    }
    return EXIT_OK;
  },
};
