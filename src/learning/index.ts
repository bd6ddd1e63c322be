export { ageBandOf, createLearning, effectiveSettings, gradedAttempt, type Learning } from './attempts';
export { createAssignmentRepository, type Assignment, type AssignmentLink, type AssignmentRepository } from './assignment.repository';
export { createAttemptRepository, type Attempt } from './attempt.repository';
export { LearningError } from './errors';
export * from './scoring';
export { ensureStats, recompute, recordStart, recordSubmission } from './progress.repository';
