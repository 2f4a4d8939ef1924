import { describe, expect, it } from 'vitest';
import { calculate, calculateTool, MAX_FACTORIAL } from './calculate';
import { buildToolRegistry } from './runner';

describe('calculate', () => {
  it('is exact for large integers', () => {
    expect(calculate('2^64')).toEqual({ expression: '2^64', result: '18446744073709551616', type: 'number' });
    expect(calculate('2^100').result).toBe('1267650600228229401496703205376');
    expect(calculate('123456789012345678901234567890 * 10').result).toBe('1234567890123456789012345678900');
    expect(calculate('12!/10!').result).toBe('132');
    expect(calculate('0.1 + 0.2').result).toBe('0.3');
  });

  it('computes irrational results to many digits', () => {
    const { result, type } = calculate('sqrt(2)*3');
    expect(type).toBe('number');
    expect(result.startsWith('4.2426406871192')).toBe(true);
    expect(result).toBe('4.24264068711928514640506617262909423570901562613084421953004');
    expect(calculate('1/3').result).toBe(`0.${'3'.repeat(60)}`);
    expect(calculate('pi').result.startsWith('3.14159265358979323846264338327950288')).toBe(true);
  });

  it('converts units', () => {
    const miles = calculate('5 km to mi');
    expect(miles.type).toBe('unit');
    expect(miles.result.startsWith('3.10685596118')).toBe(true);
    expect(miles.result.endsWith(' mi')).toBe(true);
    expect(calculate('5 km in mi').result).toBe(miles.result);
    expect(calculate('20 degC to degF').result).toBe('68 degF');
    expect(calculate('5 min to s').result).toBe('300 s'); // min the unit, not min()
    expect(calculate('5 kg * 9.81 m/s^2 to N').result).toBe('49.05 N');
    expect(calculate('1 cm^3 to mL').result).toBe('1 mL');
  });

  it('handles complex numbers', () => {
    expect(calculate('(1+2i)*(3-i)')).toEqual({ expression: '(1+2i)*(3-i)', result: '5 + 5i', type: 'complex' });
    expect(calculate('sqrt(-4)').result).toBe('2i');
    expect(calculate('conj(3+4i)').result).toBe('3 - 4i');
    expect(calculate('abs(3+4i)').result).toBe('5');
    expect(calculate('re(complex(1, 2)) + im(complex(1, 2))').result).toBe('3');
    expect(Number(calculate('arg(i)').result)).toBeCloseTo(Math.PI / 2, 14);
  });

  it('supports the whitelisted functions and operators', () => {
    const cases: Array<[string, string]> = [
      ['-(2^3)', '-8'],
      ['pow(2, 10)', '1024'],
      ['10 mod 3', '1'],
      ['10 % 3', '1'],
      ['mod(-7, 3)', '2'],
      ['cbrt(27)', '3'],
      ['nthRoot(81, 4)', '3'],
      ['exp(0)', '1'],
      ['log(8, 2)', '3'],
      ['log10(1000)', '3'],
      ['log2(1024)', '10'],
      ['abs(-3)', '3'],
      ['round(pi, 5)', '3.14159'],
      ['floor(-2.5)', '-3'],
      ['ceil(2.1)', '3'],
      ['sign(-4)', '-1'],
      ['min(4, 2, 8)', '2'],
      ['max(4, 2, 8)', '8'],
      ['hypot(3, 4)', '5'],
      ['gcd(12, 18)', '6'],
      ['lcm(4, 6)', '12'],
      ['factorial(5)', '120'],
      ['5!', '120'],
      ['sin(30 deg)', '0.5'],
      ['cos(0)', '1'],
      ['tan(0)', '0'],
      ['asin(1) * 2 / pi', '1'],
      ['atan2(1, 1) * 4 / pi', '1'],
      ['sinh(0) + cosh(0)', '1'],
      ['e^0', '1'],
    ];
    for (const [expression, expected] of cases) expect(calculate(expression).result, expression).toBe(expected);
    // 100! = 93326215443944152681699238856266700490715968264381621468592963895..., 60 digits shown.
    expect(calculate('100!').result).toBe('9.3326215443944152681699238856266700490715968264381621468593e+157');
    expect(calculate(`${MAX_FACTORIAL}!`).result).toMatch(/^4\.0238726007709377354370243392300398571937486421071463254\d*e\+2567$/);
  });

  const refusals: Array<[string, RegExp]> = [
    ['import({}, {})', /^"import" is not available in calculate/],
    ['createUnit("foo")', /^"createUnit" is not available in calculate/],
    ['evaluate("1")', /^"evaluate" is not available in calculate/],
    ['parse("1")', /^"parse" is not available in calculate/],
    ['compile("1")', /^"compile" is not available/],
    ['simplify("x+x")', /^"simplify" is not available/],
    ['derivative("x^2", "x")', /^"derivative" is not available/],
    ['zeros(10000,10000)', /^"zeros" is not available/],
    ['range(1, 1e9)', /^"range" is not available/],
    ['factorial(100000)', /^factorial is limited to n <= 1000\.$/],
    ['100000!', /^factorial is limited to n <= 1000\.$/],
    ['9!!', /^factorial is limited to n <= 1000\.$/],
    ['10^(10^15) mod 7', /^mod only works exactly on numbers below 10\^64/],
    ['gcd(10^100, 3)', /^gcd only works exactly/],
    ['sin(10^2000)', /^sin needs an argument below 10\^64/],
    ['sin(10^2000 deg)', /^The numbers are too large to compute this with 64-digit precision\.$/],
    ['constructor', /^Unknown name "constructor"/],
    ['__proto__', /^Unknown name "__proto__"/],
    ['pi.constructor', /^calculate does not support property access and indexing/],
    ['sin.constructor("return process")', /does not support property access|is not available/],
    ['pi["constructor"]["constructor"]("return 1")', /does not support property access|is not available/],
    ['[].constructor', /does not support/],
    ['(1)()', /^Could not parse the expression: /],
    ['{}.__proto__', /does not support/],
    ['f(x) = x', /^calculate does not support assignments and variables/],
    ['x = 1', /^calculate does not support assignments and variables/],
    ['1; 2', /^calculate does not support several expressions/],
    ['[1, 2, 3]', /^calculate does not support matrices and lists/],
    ['1:10', /^calculate does not support ranges/],
    ['1 < 2 ? 1 : 2', /^calculate does not support conditionals/],
    ['1 == 1', /^The operator "==" is not supported\.$/],
    ['"abc"', /^"abc" is not a number/],
    ['x + 1', /^Unknown name "x"/],
    ['sqrt', /^Unknown name "sqrt"/],
    ['2 +', /^Could not parse the expression: /],
    ['5 km + 3 kg', /Units do not match/],
    ['0.5!', /^factorial needs a whole number\.$/],
    ['tanh(10^9 rad)', /Unexpected type of argument in function tanh/],
  ];

  it.each(refusals)('refuses %s with a readable error, fast', (expression, message) => {
    expect(() => calculate(expression)).toThrow(message);
  });

  it('uses exact shortcuts where decimal.js would be slow (hyperbolic functions of large numbers)', () => {
    const cases: Array<[string, RegExp]> = [
      ['tanh(10^9)', /^1$/],
      ['tanh(-10^99)', /^-1$/],
      ['sinh(-10^6)', /^-1\.51660769840104377254320107070905716\d*e\+434294$/],
      ['cosh(10^9)', /^4\.00149088533048626652095468718250034\d*e\+434294481$/],
      ['sinh(2^99)', /^Infinity$/],
      ['asinh(10^900)', /^2073\.01973087520106092560954133738596\d*$/],
      ['asinh(-10^900)', /^-2073\.01973087520106092560954133738596\d*$/],
      ['asinh(10^-900)', /^1e-900$/],
      ['acosh(10^900)', /^2073\.01973087520106092560954133738596\d*$/],
    ];
    for (const [expression, expected] of cases) {
      expect(calculate(expression).result, expression).toMatch(expected);
    }
    // Below the shortcuts' thresholds the results agree with decimal.js's own.
    expect(calculate('sinh(101) - (exp(101) - exp(-101)) / 2').result).toMatch(/^(0|-?\d(\.\d+)?e-\d+)$/);
    expect(calculate('tanh(1)').result.startsWith('0.76159415595576488811945828260479359041')).toBe(true);
  });

  it('refuses trigonometry of numbers too large to be exact', () => {
    expect(calculate('sin(10^63)').type).toBe('number');
    for (const name of ['sin', 'cos', 'tan', 'sec', 'csc', 'cot']) {
      expect(() => calculate(`${name}(10^64)`)).toThrow(`${name} needs an argument below 10^64`);
    }
  });

  it('recovers its precision after decimal.js throws mid-computation', () => {
    expect(() => calculate('sin(10^2000 deg)')).toThrow('too large');
    expect(Number(calculate('sin(pi)').result)).toBeLessThan(1e-60);
    expect(calculate('sqrt(2)*3').result).toBe('4.24264068711928514640506617262909423570901562613084421953004');
  });

  it('runs through the registry with the 2 s timeout and zod validation', async () => {
    expect(calculateTool.timeoutMs).toBe(2000);
    const registry = buildToolRegistry([calculateTool]);
    const signal = new AbortController().signal;
    expect(await registry.run('calculate', { expression: '2^64' }, signal)).toMatchObject({
      ok: true,
      output: { expression: '2^64', result: '18446744073709551616', type: 'number' },
    });
    expect(await registry.run('calculate', { expression: 'x'.repeat(501) }, signal)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid input for calculate: expression: /),
    });
    expect(await registry.run('calculate', { expression: 'import({}, {})' }, signal)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^"import" is not available in calculate\. Functions: pow, mod, sqrt/),
    });
  });
});
