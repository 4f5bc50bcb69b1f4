import { describeValue, ValidationError } from '../../lib/errors';

describe('describeValue: how an error message shows the value given', () => {
  test.each<[string, string, unknown]>([
    ['a string, quoted', '"c7g.large"', 'c7g.large'],
    ['a number', '12.5', 12.5],
    ['a boolean', 'false', false],
    ['undefined', 'undefined', undefined],
    ['null', 'null', null],
    ['a bigint, with its n', '10n', BigInt(10)],
    ['an object, as compact JSON', '{"value":1,"source":"s"}', { value: 1, source: 's' }],
    ['an array', '[1,"a"]', [1, 'a']],
    ['a named function', 'a function (sizeIt)', function sizeIt() {}],
    ['a symbol', 'Symbol(x)', Symbol('x')],
    ['an object whose toJSON gives undefined', '[object Object]', { toJSON: () => undefined }],
  ])('GIVEN %s WHEN described THEN it reads %s', (_what, expected, value) => {
    expect(describeValue(value)).toBe(expected);
  });

  test('GIVEN an anonymous function or an object with a cycle WHEN described THEN a text, not a TypeError', () => {
    expect(describeValue(() => 1)).toBe('a function');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
  });

  test('GIVEN a value longer than 120 characters WHEN described THEN it is cut to 117 and "..."', () => {
    const text = describeValue('x'.repeat(200));
    expect(text).toHaveLength(120);
    expect(text).toBe(`"${'x'.repeat(116)}...`);
  });

  test('GIVEN a function where a figure belongs WHEN a ValidationError is raised THEN its message names it (it was a TypeError from inside the message)', () => {
    const error = new ValidationError('capacity model (hand) cdn', 'staticResponseBytes.value', () => 1, 'is not a number', 'pass a number');
    expect(error.message).toBe('capacity model (hand) cdn: staticResponseBytes.value = a function is not a number. Fix: pass a number');
  });
});
