import { synthesizeReferenceApp } from '../support/app-synth';

/**
 * The synth-only snapshot tests users run in CI: one per stack of every environment.
 * A changed snapshot is a changed plan; read its diff before accepting it (`jest -u`).
 */
const app = synthesizeReferenceApp();

describe('stack snapshots', () => {
  test('every environment has its AWS stack', () => {
    expect(Object.keys(app.stacks)).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
  });

  test('snapshots hold no machine paths, timestamps or random ids', () => {
    for (const [name, stack] of Object.entries(app.stacks)) {
      const text = JSON.stringify(stack);
      expect({ name, absolutePath: /"\/(home|tmp|root|Users|work)\//.test(text) }).toEqual({ name, absolutePath: false });
      expect({ name, timestamp: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) }).toEqual({ name, timestamp: false });
    }
  });

  test.each(Object.keys(app.stacks))('%s', (name) => {
    expect(app.stacks[name]).toMatchSnapshot();
  });
});
