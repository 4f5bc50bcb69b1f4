export * from './cross-region-backup';
