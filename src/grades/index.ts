export { createGradeSyncRepository, type GradeSync, type GradeSyncRepository, type GradeSyncStatus } from './grade-sync.repository';
export { createGradeWorker, backoffSeconds, type GradeWorker } from './grade-worker';
