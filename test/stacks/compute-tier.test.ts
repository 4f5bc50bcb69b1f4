import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../stacks/app';
import { dev } from '../../stacks/environments';

describe('compute tier wiring', () => {
  test('GIVEN a service the capacity inputs do not size THEN synth fails naming the fix', () => {
    const config = { ...dev, services: [...dev.services, { ...dev.services[0], name: 'report-service', pathPrefix: '/api/reports' }] };
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-compute-'));
    expect(() => buildApp({ outdir, environments: [config] })).toThrow(
      /config dev: services = "report-service" has no entry in the capacity inputs, so nothing sizes it. Fix: add the service .* to stacks\/environments\/capacity-inputs.ts/,
    );
  });
});
