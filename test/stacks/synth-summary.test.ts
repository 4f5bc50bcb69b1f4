import { printsSynthSummary, synthSummary } from '../../stacks/synth-summary';
import { npmRunSynth, synthesizeReferenceApp } from '../support/app-synth';

describe('npm run synth summary', () => {
  test('GIVEN the reference app THEN the summary names every stack and prints every warning with its construct', () => {
    const summary = synthSummary(synthesizeReferenceApp().outdir);
    expect(summary).toMatch(/^Synthesized 6 stacks into .*stacks: dev, dev-platform, prod, prod-platform, staging, staging-platform\n/);
    expect(summary).toMatch(/\n\d+ warnings:\n/);
    expect(summary).toMatch(/\[prod\/prod\/compute\/service-ingress\] up to \d+ pods exceed the default NLB quota of 500 targets/);
    expect(summary).toContain('[prod/prod-platform/services/read-pooler/deployment] [CKV_K8S_43]');
    expect(summary).not.toMatch(/\[dev\/dev(-platform)?\//);
  });

  // The run's global setup synthesizes the reference app with npm run synth's own command: its output is read here, not made again.
  test('GIVEN npm run synth THEN it prints the summary', () => {
    const r = npmRunSynth();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Synthesized 6 stacks into /);
    expect(r.stdout).toBe(`${synthSummary(r.outdir)}\n`);
  });

  test('GIVEN the cdktf CLI (it sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) THEN the app leaves printing to the CLI', () => {
    expect(printsSynthSummary({})).toBe(true);
    expect(printsSynthSummary({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' })).toBe(false);
  });
});
