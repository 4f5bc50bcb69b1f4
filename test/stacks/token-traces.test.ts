import { Lazy, TerraformOutput } from 'cdktf';
import { dropTokenCreationTraces } from '../../stacks/token-traces';
import { synthScope } from '../support/temp';

describe('dropTokenCreationTraces', () => {
  const original = Error.prepareStackTrace;
  afterEach(() => {
    Error.prepareStackTrace = original;
  });

  function capturedInto(target: { stack?: string }): string | undefined {
    Error.captureStackTrace(target);
    return target.stack;
  }

  test('GIVEN it is on THEN traces captured into plain objects (as cdktf does for tokens) are empty', () => {
    expect(capturedInto({})).toMatch(/\n\s+at /);
    expect(dropTokenCreationTraces({})).toBe(true);
    expect(capturedInto({})).toBe('');
  });

  test('GIVEN it is on THEN cdktf tokens carry no creation stack, and still resolve', () => {
    expect(Lazy.anyValue({ produce: () => 'x' }).creationStack.length).toBeGreaterThan(0);
    dropTokenCreationTraces({});
    const token = Lazy.anyValue({ produce: () => 'x' });
    expect(token.creationStack).toEqual([]);
    const synthesized = JSON.parse(synthScope((stack) => new TerraformOutput(stack, 'o', { value: token }))) as { output: { o: { value: unknown } } };
    expect(synthesized.output.o.value).toBe('x');
  });

  test('GIVEN it is on THEN errors keep their stack traces, formatted as before', () => {
    const before = new Error('boom').stack!.split('\n')[0];
    dropTokenCreationTraces({});
    const stack = new Error('boom').stack!;
    expect(stack.split('\n')[0]).toBe(before);
    expect(stack).toMatch(/\n\s+at .*token-traces\.test\.ts:\d+/);
  });

  test('GIVEN CDKTF_TOKEN_TRACES=1 THEN nothing changes', () => {
    expect(dropTokenCreationTraces({ CDKTF_TOKEN_TRACES: '1' })).toBe(false);
    expect(Error.prepareStackTrace).toBe(original);
    expect(capturedInto({})).toMatch(/\n\s+at /);
  });

  test('GIVEN it is called twice THEN it wraps the formatter once', () => {
    dropTokenCreationTraces({});
    const installed = Error.prepareStackTrace;
    dropTokenCreationTraces({});
    expect(Error.prepareStackTrace).toBe(installed);
  });
});
