/** The operator's admin console: its router (mounted at /admin) and its CLI commands. */
export { createAdminRouter, type AdminRouterDeps } from './admin.router';
export { runAdminCli, ADMIN_USAGE, type AdminCliIo } from './admin-cli';
export { createGradeHealthRepository, type GradeSyncHealth, type DeploymentHealth, type SyncFailure } from './grade-health.repository';
export { hashPassword, verifyPassword, needsRehash } from './password-hash';
export { passwordProblem, MIN_PASSWORD_LENGTH } from './password-policy';
