export { CrossRegionBackup } from './cross-region-backup';
export type { BackedUpResource, CrossRegionBackupProps } from './cross-region-backup';
