// Command-line option parsing for the `cap-lens` subcommands: `--name value`, `--name=value`, short aliases,
// `--no-name` for booleans, repeatable options and `--` to end options. Every mistake is a UsageError with a
// did-you-mean, so a typo in a CI script fails loudly instead of silently checking with defaults.

import { didYouMean } from '../core/text/suggest';
import { UsageError } from './io';

export interface OptionSpec {
  name: string;
  short?: string;
  /** `list` options may be given several times (and accept comma-separated values). */
  type: 'boolean' | 'string' | 'integer' | 'list';
  /** Allowed values, for string options. */
  values?: readonly string[];
  /** Placeholder in help, e.g. FILE. */
  valueName?: string;
  description: string;
  default?: string | number | boolean;
}

/** `--output FILE`, as every command that prints a result takes it. */
export const OUTPUT_OPTION: OptionSpec = {
  name: 'output',
  short: 'o',
  type: 'string',
  valueName: 'FILE',
  description: 'Write to FILE instead of standard output',
};

/** `--color`, as every command that colours its output takes it. */
export const COLOR_OPTION: OptionSpec = {
  name: 'color',
  type: 'boolean',
  description: 'Force colour on or off (default: on when writing to a terminal; NO_COLOR is honoured)',
};

export type OptionValue = string | number | boolean | string[] | undefined;

export interface ParsedArgs {
  options: Record<string, OptionValue>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options: Record<string, OptionValue> = {};
  for (const spec of specs) {
    if (spec.default !== undefined) options[spec.name] = spec.default;
    if (spec.type === 'list') options[spec.name] = [];
  }
  const positionals: string[] = [];
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    let negated = false;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      spec = byName.get(name);
      if (!spec && name.startsWith('no-') && byName.get(name.slice(3))?.type === 'boolean') {
        spec = byName.get(name.slice(3));
        negated = true;
      }
      if (!spec) {
        const guess = didYouMean(
          name,
          specs.map((s) => s.name),
        );
        throw new UsageError(`unknown option '--${name}'.${guess ? ` Did you mean '--${guess}'?` : ''}`);
      }
    } else {
      spec = byShort.get(arg.slice(1, 2));
      if (!spec) throw new UsageError(`unknown option '${arg}'.`);
      if (arg.length > 2) inline = arg.slice(2).replace(/^=/, '');
    }

    if (spec.type === 'boolean') {
      if (inline !== undefined) {
        if (!['true', 'false'].includes(inline)) throw new UsageError(`'--${spec.name}' takes no value (got '${inline}').`);
        options[spec.name] = (inline === 'true') !== negated;
      } else {
        options[spec.name] = !negated;
      }
      continue;
    }
    if (negated) throw new UsageError(`'--${spec.name}' cannot be negated.`);
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith('-') && argv[i + 1] !== '-' && !/^-\d/.test(argv[i + 1]))) {
        throw new UsageError(
          `'--${spec.name}' needs a value${spec.values ? ` (${spec.values.join(', ')})` : spec.valueName ? ` (${spec.valueName})` : ''}.`,
        );
      }
      value = argv[++i];
    }
    options[spec.name] = convert(spec, value, options[spec.name]);
  }
  return { options, positionals };
}

function convert(spec: OptionSpec, value: string, previous: OptionValue): OptionValue {
  if (spec.type === 'integer') {
    if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`'--${spec.name}' needs a whole number (got '${value}').`);
    return Number(value);
  }
  if (spec.type === 'list') {
    const items = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    return [...((previous as string[] | undefined) ?? []), ...items];
  }
  if (spec.values && !spec.values.includes(value)) {
    const guess = didYouMean(value, spec.values);
    throw new UsageError(
      `'--${spec.name}' must be one of ${spec.values.join(', ')} (got '${value}').${guess ? ` Did you mean '${guess}'?` : ''}`,
    );
  }
  return value;
}

/** Help text for a command's options, aligned in two columns. */
export function optionsHelp(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const value = s.type === 'boolean' ? '' : ` ${s.values ? s.values.join('|') : (s.valueName ?? 'VALUE')}`;
    const left = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${value}`;
    const def = s.default !== undefined && s.type !== 'boolean' ? ` (default: ${s.default})` : '';
    return [left, `${s.description}${def}`];
  });
  const width = Math.min(36, Math.max(...rows.map(([l]) => l.length)));
  return rows
    .map(([l, r]) => (l.length > width ? `  ${l}\n  ${' '.repeat(width)}  ${r}` : `  ${l.padEnd(width)}  ${r}`))
    .join('\n');
}
