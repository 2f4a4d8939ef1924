// calculate: exact arithmetic and unit conversions with mathjs.
//
// The expression comes from Claude (and so, indirectly, from whoever wrote the conversation),
// and it runs synchronously on the server. Three layers keep it harmless and cheap:
//   1. The mathjs instance is built from a whitelist of factories (no matrices, no parser
//      functions, no symbolic algebra), so most of mathjs simply does not exist here.
//   2. The parsed expression tree is checked before it is evaluated: only numbers, the
//      constants below, unit names, whitelisted operators and calls to whitelisted functions.
//      No variables, assignments, function definitions, strings, objects, matrices, ranges or
//      property access — so no `constructor`/`__proto__` tricks and no loops.
//   3. Functions whose cost or exactness depends on their arguments are guarded:
//      factorial(n) refuses n > 1000; mod, gcd, lcm and trigonometric functions refuse numbers
//      they cannot treat exactly (>= 10^64); hyperbolic functions, which decimal.js computes
//      very slowly for large arguments, use exact shortcuts there.

import {
  absDependencies,
  acosDependencies,
  acoshDependencies,
  acotDependencies,
  acscDependencies,
  addDependencies,
  argDependencies,
  asecDependencies,
  asinDependencies,
  asinhDependencies,
  atan2Dependencies,
  atanDependencies,
  atanhDependencies,
  cbrtDependencies,
  ceilDependencies,
  complexDependencies,
  conjDependencies,
  cosDependencies,
  coshDependencies,
  cotDependencies,
  create,
  cscDependencies,
  divideDependencies,
  eDependencies,
  expDependencies,
  factorialDependencies,
  floorDependencies,
  formatDependencies,
  gcdDependencies,
  hypotDependencies,
  iDependencies,
  imDependencies,
  lcmDependencies,
  log10Dependencies,
  log2Dependencies,
  logDependencies,
  maxDependencies,
  minDependencies,
  modDependencies,
  multiplyDependencies,
  nthRootDependencies,
  parseDependencies,
  phiDependencies,
  piDependencies,
  powDependencies,
  reDependencies,
  roundDependencies,
  secDependencies,
  signDependencies,
  sinDependencies,
  sinhDependencies,
  sqrtDependencies,
  subtractDependencies,
  tanDependencies,
  tanhDependencies,
  tauDependencies,
  toDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
  type BigNumber,
  type FactoryFunctionMap,
  type MathNode,
  type Unit as MathUnit,
} from 'mathjs';
import { z } from 'zod';
import { defineTool } from './types';

/** Significant digits of every BigNumber computation. */
export const PRECISION = 64;
/** Digits shown: a few fewer than computed, so rounding noise in the last digits never shows. */
const DISPLAY_PRECISION = 60;
/** Largest n for factorial(n) / n!: 1000! already has 2568 digits. */
export const MAX_FACTORIAL = 1000;

// mathjs types every `xxxDependencies` export as possibly undefined: check them once.
function whitelist(factories: Record<string, FactoryFunctionMap | undefined>): FactoryFunctionMap {
  const checked: FactoryFunctionMap = {};
  for (const [name, factory] of Object.entries(factories)) {
    if (!factory) throw new Error(`mathjs does not export ${name}`);
    checked[name] = factory;
  }
  return checked;
}

const math = create(
  whitelist({
    // arithmetic
    addDependencies,
    subtractDependencies,
    multiplyDependencies,
    divideDependencies,
    unaryMinusDependencies,
    unaryPlusDependencies,
    powDependencies,
    modDependencies,
    sqrtDependencies,
    cbrtDependencies,
    nthRootDependencies,
    expDependencies,
    logDependencies,
    log10Dependencies,
    log2Dependencies,
    absDependencies,
    roundDependencies,
    floorDependencies,
    ceilDependencies,
    signDependencies,
    minDependencies,
    maxDependencies,
    hypotDependencies,
    gcdDependencies,
    lcmDependencies,
    factorialDependencies,
    // trigonometry
    sinDependencies,
    cosDependencies,
    tanDependencies,
    secDependencies,
    cscDependencies,
    cotDependencies,
    asinDependencies,
    acosDependencies,
    atanDependencies,
    atan2Dependencies,
    asecDependencies,
    acscDependencies,
    acotDependencies,
    sinhDependencies,
    coshDependencies,
    tanhDependencies,
    asinhDependencies,
    acoshDependencies,
    atanhDependencies,
    // complex numbers
    complexDependencies,
    reDependencies,
    imDependencies,
    conjDependencies,
    argDependencies,
    // constants
    piDependencies,
    eDependencies,
    iDependencies,
    tauDependencies,
    phiDependencies,
    // units
    toDependencies,
    // used here, never callable from an expression (see checkNode)
    parseDependencies,
    formatDependencies,
  }),
  { number: 'BigNumber', precision: PRECISION },
);

/** Functions an expression may call (as `name(...)`). */
const FUNCTIONS: ReadonlySet<string> = new Set([
  'add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow', 'mod',
  'sqrt', 'cbrt', 'nthRoot', 'exp', 'log', 'log10', 'log2', 'abs', 'round', 'floor', 'ceil', 'sign',
  'min', 'max', 'hypot', 'gcd', 'lcm', 'factorial',
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'atan2', 'asec', 'acsc', 'acot',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  'complex', 're', 'im', 'conj', 'arg',
  'to',
]); // prettier-ignore

/** Operators, by the function they call: + - * / unary -/+ ^ mod ! and `to`/`in`. */
const OPERATORS: ReadonlySet<string> = new Set([
  'add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow', 'mod', 'factorial', 'to',
]); // prettier-ignore

/** For error messages: the functions, without the ones that are just operators spelled out. */
const CALLABLE_LIST = [...FUNCTIONS]
  .filter((f) => !['add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'to'].includes(f))
  .join(', ');

const CONSTANTS: ReadonlySet<string> = new Set(['pi', 'e', 'i', 'tau', 'phi']);

export class CalculationError extends Error {
  override name = 'CalculationError';
}

// Keep what this module needs, then make the dangerous parts of the namespace unusable even if a
// later change loosened checkNode. (mathjs's documented hardening: override them with throwers.)
const parse = math.parse;
const format = math.format;
const { Unit } = math;
/** A ConstantNode may hold any value at runtime (here: a unit); the types allow only primitives. */
const ConstantNode = math.ConstantNode as unknown as new (value: unknown) => MathNode;
/** The instance's decimal.js class (mathjs's types do not expose it on the instance). */
const BigNumberClass = (
  math as unknown as {
    BigNumber: {
      new (value: number | string): BigNumber;
      set(options: { precision?: number; rounding?: number; modulo?: number }): unknown;
      ROUND_HALF_UP: number;
      EUCLID: number;
    };
  }
).BigNumber;
const ValuelessUnit = Unit as unknown as new (value: null, name: string) => MathUnit;
const factorialBase = math.factorial;
const modBase = math.mod;
const gcdBase = math.gcd;
const lcmBase = math.lcm;

const EXACT_LIMIT = new BigNumberClass(10).pow(PRECISION);
const isBigNumber = (value: unknown): value is BigNumber => math.isBigNumber(value);

function assertExactInteger(fn: string, value: unknown): void {
  const tooBig = math.isBigNumber(value)
    ? value.abs().gte(EXACT_LIMIT)
    : typeof value === 'number' && Math.abs(value) > Number.MAX_SAFE_INTEGER;
  if (tooBig) {
    throw new CalculationError(`${fn} only works exactly on numbers below 10^${PRECISION}; this argument is larger.`);
  }
}

function guardedFactorial(n: unknown): unknown {
  const tooBig = math.isBigNumber(n) ? n.gt(MAX_FACTORIAL) : typeof n === 'number' && n > MAX_FACTORIAL;
  if (tooBig) throw new CalculationError(`factorial is limited to n <= ${MAX_FACTORIAL}.`);
  return (factorialBase as (x: unknown) => unknown)(n);
}

function guardedBinary(fn: string, base: (a: never, b: never) => unknown) {
  return (...args: unknown[]): unknown => {
    for (const arg of args) assertExactInteger(fn, arg);
    return (base as (...a: unknown[]) => unknown)(...args);
  };
}

const ONE_HUNDRED = new BigNumberClass(100);
const TINY_OR_HUGE = new BigNumberClass(10).pow(32);

/**
 * Wraps a one-argument function so that finite BigNumber arguments go through `special` first:
 * it may throw, return a value (computed a cheaper way), or return undefined to use `base`.
 * decimal.js computes some functions very slowly for large arguments (sinh(10^6) takes seconds),
 * and the expression runs synchronously on the server.
 */
function withBigNumberGuard(base: unknown, special: (x: BigNumber) => BigNumber | undefined) {
  const fn = base as (...args: unknown[]) => unknown;
  return (...args: unknown[]): unknown => {
    const [x] = args;
    if (args.length === 1 && isBigNumber(x) && x.isFinite()) {
      const replaced = special(x);
      if (replaced !== undefined) return replaced;
    }
    return fn(...args);
  };
}

/** sin(10^70) is meaningless at 64 digits (the argument itself is rounded), and slow. */
const trigGuard = (name: string) => (x: BigNumber) => {
  if (x.abs().gte(EXACT_LIMIT)) {
    throw new CalculationError(
      `${name} needs an argument below 10^${PRECISION}: larger numbers are not exact at ${PRECISION} digits, so the result would be meaningless.`,
    );
  }
  return undefined;
};

// Beyond |x| = 100, e^-|x| is below 64-digit precision next to e^|x|: these are exact, and fast.
const withSignOf = (x: BigNumber, value: BigNumber) => (x.isNeg() ? value.neg() : value);
const hyperbolicGuards = {
  sinh: (x: BigNumber) => (x.abs().gt(ONE_HUNDRED) ? withSignOf(x, x.abs().exp().div(2)) : undefined),
  cosh: (x: BigNumber) => (x.abs().gt(ONE_HUNDRED) ? x.abs().exp().div(2) : undefined),
  tanh: (x: BigNumber) => (x.abs().gt(ONE_HUNDRED) ? new BigNumberClass(x.isNeg() ? -1 : 1) : undefined),
  // asinh(x) = x - x^3/6 + ... and = ln(2x) + 1/(4x^2) - ...: both tails are below 10^-64 here.
  asinh: (x: BigNumber) =>
    x.abs().gt(TINY_OR_HUGE)
      ? withSignOf(x, x.abs().times(2).ln())
      : x.abs().lt(new BigNumberClass(1).div(TINY_OR_HUGE))
        ? x
        : undefined,
  acosh: (x: BigNumber) => (x.gt(TINY_OR_HUGE) ? x.times(2).ln() : undefined),
};

function disabled(name: string) {
  return () => {
    throw new CalculationError(`${name} is not available in calculate.`);
  };
}

math.import(
  {
    factorial: guardedFactorial,
    mod: guardedBinary('mod', modBase),
    gcd: guardedBinary('gcd', gcdBase),
    lcm: guardedBinary('lcm', lcmBase),
    ...Object.fromEntries(
      (['sin', 'cos', 'tan', 'sec', 'csc', 'cot'] as const).map((name) => [
        name,
        withBigNumberGuard(math[name], trigGuard(name)),
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(hyperbolicGuards).map(([name, guard]) => [
        name,
        withBigNumberGuard(math[name as keyof typeof hyperbolicGuards], guard),
      ]),
    ),
    parse: disabled('parse'),
    evaluate: disabled('evaluate'),
    compile: disabled('compile'),
    createUnit: disabled('createUnit'),
    simplify: disabled('simplify'),
    derivative: disabled('derivative'),
    resolve: disabled('resolve'),
    reviver: disabled('reviver'),
    import: disabled('import'),
  },
  { override: true },
);

function describeNode(node: MathNode): string {
  switch (node.type) {
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      return 'assignments and variables';
    case 'BlockNode':
      return 'several expressions (use one)';
    case 'AccessorNode':
    case 'IndexNode':
      return 'property access and indexing';
    case 'ArrayNode':
      return 'matrices and lists';
    case 'ObjectNode':
      return 'objects';
    case 'RangeNode':
      return 'ranges';
    case 'ConditionalNode':
      return 'conditionals';
    case 'RelationalNode':
      return 'comparisons';
    default:
      return node.type;
  }
}

/**
 * Throws a readable CalculationError unless the tree uses only numbers, constants, units,
 * whitelisted operators and calls to whitelisted functions; returns the tree with unit names
 * replaced by unit constants (so `5 min` means minutes even though min() is a function).
 */
function checkNode(node: MathNode): MathNode {
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      if (isBigNumber(value) || typeof value === 'number') return node;
      throw new CalculationError(
        `${JSON.stringify(value) ?? String(value)} is not a number: calculate works with numbers, units and the constants pi, e and i.`,
      );
    }
    case 'ParenthesisNode': {
      const paren = node as unknown as { content: MathNode };
      paren.content = checkNode(paren.content);
      return node;
    }
    case 'OperatorNode': {
      const op = node as unknown as { op: string; fn: string; args: MathNode[] };
      if (!OPERATORS.has(op.fn)) throw new CalculationError(`The operator "${op.op}" is not supported.`);
      op.args = op.args.map(checkNode);
      return node;
    }
    case 'FunctionNode': {
      const call = node as unknown as { fn: MathNode; args: MathNode[] };
      const name = call.fn.type === 'SymbolNode' ? (call.fn as unknown as { name: string }).name : undefined;
      if (name === undefined || !FUNCTIONS.has(name)) {
        throw new CalculationError(
          `${name === undefined ? 'That call' : `"${name}"`} is not available in calculate. Functions: ${CALLABLE_LIST}.`,
        );
      }
      call.args = call.args.map(checkNode);
      return node;
    }
    case 'SymbolNode': {
      const { name } = node as unknown as { name: string };
      if (CONSTANTS.has(name)) return node;
      if (Unit.isValuelessUnit(name)) return new ConstantNode(new ValuelessUnit(null, name));
      throw new CalculationError(
        `Unknown name "${name}". Use numbers, the constants pi, e and i, units such as km, mi/h, lb or degC, and functions such as sqrt(2).`,
      );
    }
    default:
      throw new CalculationError(`calculate does not support ${describeNode(node)}: give one arithmetic expression.`);
  }
}

export type CalculationResult = {
  expression: string;
  result: string;
  type: 'number' | 'complex' | 'unit';
};

function formatResult(value: unknown): Pick<CalculationResult, 'result' | 'type'> {
  if (isBigNumber(value) || typeof value === 'number') {
    return {
      type: 'number',
      result: format(value, { precision: DISPLAY_PRECISION, lowerExp: -10, upperExp: DISPLAY_PRECISION }),
    };
  }
  if (math.isComplex(value)) {
    // mathjs complex numbers are double precision: 15 digits is all they have.
    return { type: 'complex', result: format(value, { precision: 15 }) };
  }
  if (math.isUnit(value)) {
    return {
      type: 'unit',
      result: format(value, { precision: DISPLAY_PRECISION, lowerExp: -10, upperExp: DISPLAY_PRECISION }),
    };
  }
  throw new CalculationError('The expression did not produce a number, a complex number or a quantity with a unit.');
}

/** mathjs errors read well, except decimal.js's: say what they mean. */
function explain(error: unknown): Error {
  if (error instanceof CalculationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/Precision limit exceeded/.test(message)) {
    return new CalculationError('The numbers are too large to compute this with 64-digit precision.');
  }
  if (/Integer BigNumber expected/.test(message)) {
    return new CalculationError('factorial needs a whole number.');
  }
  if (/^Undefined (function|symbol)/.test(message) || /Maximum call stack/.test(message)) {
    return new CalculationError(`The expression could not be evaluated: ${message}.`);
  }
  return new CalculationError(message.endsWith('.') ? message : `${message}.`);
}

/** decimal.js leaves its precision raised when it throws mid-computation: put it back. */
function resetBigNumberState(): void {
  BigNumberClass.set({ precision: PRECISION, rounding: BigNumberClass.ROUND_HALF_UP, modulo: BigNumberClass.EUCLID });
  new BigNumberClass(2).sqrt(); // also resets decimal.js's internal `external` flag
}

/** Evaluates one arithmetic expression. Throws CalculationError with a readable message. */
export function calculate(expression: string): CalculationResult {
  let tree: MathNode;
  try {
    tree = parse(expression);
  } catch (error) {
    throw new CalculationError(`Could not parse the expression: ${error instanceof Error ? error.message : String(error)}.`);
  }
  tree = checkNode(tree);
  try {
    const value: unknown = tree.compile().evaluate(new Map());
    return { expression, ...formatResult(value) };
  } catch (error) {
    throw explain(error);
  } finally {
    resetBigNumberState();
  }
}

export const calculateInput = z.strictObject({
  expression: z
    .string()
    .min(1)
    .max(500)
    .describe(
      'One mathjs expression, e.g. "2^64", "sqrt(2) * 3", "(1 + 2i) * (3 - i)", "5 km to mi", "20 degC to degF", "12! / 10!", "sin(30 deg)". Supports + - * / ^ mod !, sqrt, cbrt, nthRoot, exp, log, log10, log2, abs, round, floor, ceil, sign, min, max, hypot, gcd, lcm, factorial, trigonometric and hyperbolic functions and their inverses, complex numbers (i, complex, re, im, conj, arg), the constants pi, e, i, tau and phi, and units with "to" or "in". No variables, matrices or strings.',
    ),
});

export const calculateTool = defineTool({
  name: 'calculate',
  description:
    'Evaluate an arithmetic expression exactly (64 significant digits), including complex numbers and unit conversions. Use it for any arithmetic beyond the trivial instead of computing in your head. Returns the result as text and its type (number, complex or unit).',
  inputSchema: calculateInput,
  timeoutMs: 2_000,
  async execute({ expression }): Promise<CalculationResult> {
    return calculate(expression);
  },
});
