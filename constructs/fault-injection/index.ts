export { FaultInjectionExperiments } from './fault-injection-experiments';
export type { ExperimentInfo, FaultInjectionExperimentsProps, FleetTarget, NodeGroupTarget } from './fault-injection-experiments';
