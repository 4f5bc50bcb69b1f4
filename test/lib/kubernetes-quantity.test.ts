import { cpuMillicores, memoryMiB, podRequests } from '../../lib/kubernetes-quantity';

describe('Kubernetes quantities in the capacity model\'s units', () => {
  test.each([
    ['2', 2_000],
    ['0.5', 500],
    ['250m', 250],
    ['1000m', 1_000],
  ])('GIVEN CPU %s THEN %d millicores', (quantity, millicores) => {
    expect(cpuMillicores(quantity)).toBe(millicores);
  });

  test.each([
    ['4Gi', 4_096],
    ['256Mi', 256],
    ['512Ki', 1],
    ['1Ti', 1_048_576],
  ])('GIVEN memory %s THEN %d MiB (rounded up)', (quantity, mib) => {
    expect(memoryMiB(quantity)).toBe(mib);
  });

  test.each(['2 cores', '-1', '', '1e3'])('GIVEN CPU %j THEN it is rejected, not miscounted', (quantity) => {
    expect(() => cpuMillicores(quantity)).toThrow(/is not a CPU quantity/);
  });

  test.each(['256M', '4G', '100', '1.5GB'])('GIVEN memory %j (not a binary suffix) THEN it is rejected, not miscounted', (quantity) => {
    expect(() => memoryMiB(quantity)).toThrow(/is not a binary memory quantity/);
  });

  test('GIVEN a pod of two containers THEN its requests are their sum', () => {
    expect(podRequests({ requests: { cpu: '2', memory: '4Gi' } }, { requests: { cpu: '10m', memory: '50Mi' } })).toEqual({ cpuMillicores: 2_010, memoryMiB: 4_146 });
  });
});
