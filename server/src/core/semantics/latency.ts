// Latency expressions of the design language: a parser to a distribution tree, with precise error offsets.
// Grammar (whitespace allowed between tokens):
//   expr  := term ('+' term)*                 a weighted mix when terms carry `N%`, otherwise a sum (a shift)
//   term  := [number '%'] atom
//   atom  := number | name '(' number (',' number)* ')'
//   name  := exponential(mean) | pareto(xm, alpha) | normal(mean, sd) | uniform(lo, hi)

import { own } from '../text/own';

export type Distribution =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'pareto'; xm: number; alpha: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'uniform'; lo: number; hi: number }
  /** Draw one part with probability `weight` (weights sum to 1). */
  | { kind: 'mix'; parts: { weight: number; dist: Distribution }[] }
  /** The sum of independent draws, e.g. `75 + exponential(2)` for a WAN hop plus a local delay. */
  | { kind: 'sum'; terms: Distribution[] };

export interface LatencyParseError {
  message: string;
  /** Offsets into the expression text. */
  start: number;
  end: number;
}

export type LatencyParseResult = { ok: true; dist: Distribution } | { ok: false; error: LatencyParseError };

const FUNCTIONS: Record<
  string,
  { params: string[]; check: (a: number[]) => string | undefined; make: (a: number[]) => Distribution }
> = {
  exponential: {
    params: ['mean'],
    check: ([mean]) => (mean > 0 ? undefined : 'exponential(mean) needs a mean > 0 ms'),
    make: ([mean]) => ({ kind: 'exponential', mean }),
  },
  pareto: {
    params: ['xm', 'alpha'],
    check: ([xm, alpha]) => (xm > 0 && alpha > 0 ? undefined : 'pareto(xm, alpha) needs xm > 0 and alpha > 0'),
    make: ([xm, alpha]) => ({ kind: 'pareto', xm, alpha }),
  },
  normal: {
    params: ['mean', 'sd'],
    check: ([mean, sd]) => (mean >= 0 && sd >= 0 ? undefined : 'normal(mean, sd) needs mean ≥ 0 and sd ≥ 0'),
    make: ([mean, sd]) => ({ kind: 'normal', mean, sd }),
  },
  uniform: {
    params: ['lo', 'hi'],
    check: ([lo, hi]) => (lo >= 0 && hi >= lo ? undefined : 'uniform(lo, hi) needs 0 ≤ lo ≤ hi'),
    make: ([lo, hi]) => ({ kind: 'uniform', lo, hi }),
  },
};

export const LATENCY_FUNCTIONS = Object.keys(FUNCTIONS);

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

export function parseLatency(text: string): LatencyParseResult {
  try {
    return { ok: true, dist: new Parser(text).parse() };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: { message: e.message, start: e.start, end: e.end } };
    throw e;
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Distribution {
    if (this.text.trim() === '') throw new ParseFailure('empty latency expression', 0, this.text.length);
    const terms: { weight?: number; dist: Distribution; start: number }[] = [this.term()];
    while (this.peek() === '+') {
      this.pos++;
      terms.push(this.term());
    }
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`unexpected '${this.text[this.pos]}'`, this.pos, this.pos + 1);
    const weighted = terms.filter((t) => t.weight !== undefined);
    if (weighted.length === 0) return terms.length === 1 ? terms[0].dist : { kind: 'sum', terms: terms.map((t) => t.dist) };
    if (weighted.length !== terms.length) {
      const bare = terms.find((t) => t.weight === undefined)!;
      this.fail(
        'in a weighted mix every part needs a percentage (e.g. 38% pareto(1.05, 1.51) + 62% exponential(5.46))',
        bare.start,
        bare.start + 1,
      );
    }
    const total = weighted.reduce((s, t) => s + t.weight!, 0);
    if (Math.abs(total - 100) > 1e-6) this.fail(`mix percentages add up to ${round(total)}%, not 100%`, 0, this.text.length);
    return { kind: 'mix', parts: terms.map((t) => ({ weight: t.weight! / 100, dist: t.dist })) };
  }

  private term(): { weight?: number; dist: Distribution; start: number } {
    this.skipSpace();
    const start = this.pos;
    if (/[0-9.]/.test(this.text[this.pos] ?? '')) {
      const value = this.number();
      if (this.peek() === '%') {
        this.pos++;
        if (value <= 0 || value > 100) this.fail('a mix percentage must be in (0, 100]', start, this.pos);
        return { weight: value, dist: this.atom(), start };
      }
      if (value < 0) this.fail('a constant latency must be ≥ 0 ms', start, this.pos);
      return { dist: { kind: 'constant', value }, start };
    }
    return { dist: this.atom(), start };
  }

  private atom(): Distribution {
    this.skipSpace();
    const start = this.pos;
    if (/[0-9.]/.test(this.text[this.pos] ?? '')) {
      const value = this.number();
      return { kind: 'constant', value };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
    if (!name)
      this.fail(`expected a number or one of ${LATENCY_FUNCTIONS.join(', ')}`, start, Math.min(start + 1, this.text.length));
    this.pos += name.length;
    const fn = own(FUNCTIONS, name);
    if (!fn) this.fail(`unknown distribution '${name}'; expected one of ${LATENCY_FUNCTIONS.join(', ')}`, start, this.pos);
    if (this.peek() !== '(') this.fail(`expected '(' after ${name}`, this.pos, this.pos + 1);
    this.pos++;
    const args: number[] = [];
    if (this.peek() !== ')') {
      args.push(this.number());
      while (this.peek() === ',') {
        this.pos++;
        args.push(this.number());
      }
    }
    if (this.peek() !== ')') this.fail(`expected ')' to close ${name}(`, this.pos, this.pos + 1);
    this.pos++;
    if (args.length !== fn.params.length)
      this.fail(
        `${name} takes ${fn.params.length} argument${fn.params.length > 1 ? 's' : ''} (${fn.params.join(', ')}), got ${args.length}`,
        start,
        this.pos,
      );
    const problem = fn.check(args);
    if (problem) this.fail(problem, start, this.pos);
    return fn.make(args);
  }

  private number(): number {
    this.skipSpace();
    const m = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a number', this.pos, Math.min(this.pos + 1, this.text.length));
    const start = this.pos;
    this.pos += m[0].length;
    const value = Number(m[0]);
    if (!Number.isFinite(value)) this.fail('number out of range', start, this.pos);
    return value;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private fail(message: string, start: number, end: number): never {
    throw new ParseFailure(message, start, Math.max(end, start));
  }
}

/** The mean of a distribution in ms (Infinity for a Pareto tail with alpha ≤ 1). */
export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'exponential':
      return d.mean;
    case 'pareto':
      return d.alpha > 1 ? (d.alpha * d.xm) / (d.alpha - 1) : Infinity;
    case 'normal':
      return d.mean;
    case 'uniform':
      return (d.lo + d.hi) / 2;
    case 'mix':
      return d.parts.reduce((s, p) => s + p.weight * meanOf(p.dist), 0);
    case 'sum':
      return d.terms.reduce((s, t) => s + meanOf(t), 0);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
