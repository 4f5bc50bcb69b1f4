import { buildApp } from '../../stacks/app';
import { dev } from '../../stacks/environments';
import { tempDir } from '../support/temp';

describe('compute tier wiring', () => {
  test('GIVEN a service the capacity inputs do not size THEN synth fails naming the fix', () => {
    const config = { ...dev, services: [...dev.services, { ...dev.services[0], name: 'report-service', pathPrefix: '/api/reports' }] };
    const outdir = tempDir('cdktf-compute-');
    expect(() => buildApp({ outdir, environments: [config] })).toThrow(
      /config dev: services = "report-service" has no entry in the capacity inputs, so nothing sizes it. Fix: add the service .* to stacks\/environments\/capacity-inputs.ts/,
    );
  });
});
