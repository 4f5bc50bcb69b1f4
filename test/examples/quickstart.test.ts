import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { Environment } from '../../constructs/environment';
import { planEnvironment } from '../../lib/config/environment';
import { shop } from '../../examples/quickstart/shop';
import { allOf, SynthesizedStack } from '../support/synth';
import { testApp } from '../support/temp';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('examples/quickstart is the README walkthrough', () => {
  test.each(['shop.ts', 'main.ts', 'plan.ts'])('GIVEN the README THEN its %s block is the example file, character for character', (file) => {
    const readme = read('README.md');
    const block = new RegExp('```ts\\n// ' + file.replace('.', '\\.') + '\\n([\\s\\S]*?)```').exec(readme);
    expect(block?.[1]).toBe(read(`examples/quickstart/${file}`));
  });

  test('GIVEN the walkthrough config THEN both stacks synthesize, sized by the plan, over two AZs in eu-west-1', () => {
    const environment = new Environment(testApp(), 'shop', { config: shop });
    const aws = JSON.parse(Testing.synth(environment.aws)) as SynthesizedStack;
    const plan = planEnvironment(shop);
    expect(allOf(aws, 'aws_subnet').map((s) => s.availability_zone).sort()).toEqual(['eu-west-1a', 'eu-west-1a', 'eu-west-1a', 'eu-west-1b', 'eu-west-1b', 'eu-west-1b']);
    expect(allOf(aws, 'aws_eks_node_group')).toHaveLength(plan.eks.nodeGroups.length);
    expect(allOf(aws, 'aws_autoscaling_group')[0]).toMatchObject({ min_size: plan.nginx.minSize, max_size: plan.nginx.maxSize });
    const platform = JSON.parse(Testing.synth(environment.platform)) as SynthesizedStack;
    expect(allOf(platform, 'kubernetes_deployment_v1').map((d) => (d.metadata as { name: string }).name)).toEqual(expect.arrayContaining(['gateway', 'catalog']));
  });
});
