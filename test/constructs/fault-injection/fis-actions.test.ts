import { FIS_ACTIONS, FIS_TAG_ONLY_TYPES, FIS_TARGET_FILTER_PATHS, FIS_TARGET_PARAMETERS, FisActionSpec, fisAction } from '../../../constructs/fault-injection/fis-actions';
import { ENVIRONMENTS } from '../../../stacks/environments';
import { synthesizeReferenceApp } from '../../support/app-synth';
import { resourcesOf } from '../../support/synth';

type Obj = Record<string, any>;
const app = synthesizeReferenceApp();
/** ISO 8601 durations FIS accepts here: minutes or hours, one minute to 12 hours. */
const durationMinutes = (value: string) => {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(value);
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : NaN;
};
const DURATION_PARAMETERS = ['duration', 'startInstancesAfterDuration'];

describe.each(ENVIRONMENTS.map((e) => e.name))('%s: every FIS template matches the documented actions and targets (FIS actions reference)', (name) => {
  const templates = Object.entries(resourcesOf(app.stacks[name], 'aws_fis_experiment_template'));

  test('the environment has experiment templates', () => {
    expect(templates.length).toBeGreaterThan(0);
  });

  test('each action id is documented, aims at its documented target key, and passes exactly documented parameters (the required ones included)', () => {
    const problems: string[] = [];
    for (const [address, t] of templates) {
      const targets = Object.fromEntries((t.target as Obj[]).map((x) => [x.name, x]));
      for (const action of t.action as Obj[]) {
        const spec = (FIS_ACTIONS as Record<string, FisActionSpec>)[action.action_id];
        const where = `${address}.${action.name}`;
        if (!spec) {
          problems.push(`${where}: ${action.action_id} is not an action of the table`);
          continue;
        }
        if (action.target.key !== spec.targetKey) problems.push(`${where}: target key ${action.target.key}, documented ${spec.targetKey}`);
        const target = targets[action.target.value];
        if (!target) problems.push(`${where}: target ${action.target.value} is not in the template`);
        else if (target.resource_type !== spec.resourceType) problems.push(`${where}: target type ${target.resource_type}, documented ${spec.resourceType}`);
        const keys = ((action.parameter as Obj[] | undefined) ?? []).map((p) => p.key as string);
        for (const k of keys) if (![...spec.requiredParameters, ...spec.optionalParameters].includes(k)) problems.push(`${where}: parameter ${k} is not documented`);
        for (const k of spec.requiredParameters) if (!keys.includes(k)) problems.push(`${where}: required parameter ${k} is missing`);
        for (const p of (action.parameter as Obj[] | undefined) ?? []) {
          if (DURATION_PARAMETERS.includes(p.key)) {
            const minutes = durationMinutes(p.value);
            if (!(minutes >= 1 && minutes <= 12 * 60)) problems.push(`${where}: ${p.key} = ${p.value} is not 1 minute to 12 hours in ISO 8601`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('each target uses only the documented target parameters and filter paths of its type, tag-only types have neither ARNs nor filters, and selection is ALL', () => {
    const problems: string[] = [];
    for (const [address, t] of templates) {
      for (const target of t.target as Obj[]) {
        const where = `${address}.${target.name}`;
        const type = target.resource_type as keyof typeof FIS_TARGET_PARAMETERS;
        for (const k of Object.keys(target.parameters ?? {})) if (!(FIS_TARGET_PARAMETERS[type] ?? []).includes(k)) problems.push(`${where}: target parameter ${k} is not documented for ${type}`);
        for (const f of (target.filter as Obj[] | undefined) ?? []) if (!(FIS_TARGET_FILTER_PATHS[type] ?? []).includes(f.path)) problems.push(`${where}: filter path ${f.path} is not used for ${type}`);
        if (FIS_TAG_ONLY_TYPES.includes(type) && (target.filter !== undefined || target.resource_arns !== undefined)) problems.push(`${where}: ${type} is selected by tags only`);
        if (target.resource_tag === undefined || (target.resource_tag as Obj[]).length === 0) problems.push(`${where}: no resource tags (targets are selected by the tags the stacks set)`);
        if (target.selection_mode !== 'ALL') problems.push(`${where}: selection mode ${target.selection_mode}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('each documented action is used by some template (the table holds nothing stale)', () => {
    const used = new Set(templates.flatMap(([, t]) => (t.action as Obj[]).map((a) => a.action_id as string)));
    expect(Object.keys(FIS_ACTIONS).filter((id) => !used.has(id))).toEqual([]);
  });
});

describe('fisAction', () => {
  test('GIVEN the documented parameters THEN the action aims at the documented target key', () => {
    expect(fisAction('stop', 'aws:ec2:stop-instances', 'instances', { startInstancesAfterDuration: 'PT5M' })).toEqual({
      name: 'stop',
      actionId: 'aws:ec2:stop-instances',
      parameter: [{ key: 'startInstancesAfterDuration', value: 'PT5M' }],
      target: { key: 'Instances', value: 'instances' },
    });
  });

  test.each([
    ['an undocumented parameter (the Aurora-only name on a DB instance)', () => fisAction('x', 'aws:rds:reboot-db-instances', 'db', { forceFailover: 'true', writerAvailabilityZoneIdentifiers: 'a' }), /unknown parameters \[writerAvailabilityZoneIdentifiers\]/],
    ['a missing required parameter', () => fisAction('x', 'aws:network:disrupt-connectivity', 'subnets', { scope: 'all' }), /missing \[duration\]/],
    ['a misspelt parameter', () => fisAction('x', 'aws:eks:terminate-nodegroup-instances', 'ng', { instanceTerminationPercent: '100' }), /unknown parameters \[instanceTerminationPercent\], missing \[instanceTerminationPercentage\]/],
  ])('GIVEN %s THEN it throws naming the parameter and the documentation', (_, make, message) => {
    expect(make).toThrow(message);
    expect(make).toThrow(/fis-actions-reference\.html/);
  });
});
