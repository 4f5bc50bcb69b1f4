export { Port } from './port';
export { Connections, ConnectionsProps, IConnectable, ImportedSecurityGroup, ImportedSecurityGroupOptions, isConnectable, SecurityGroupHandle } from './connections';
