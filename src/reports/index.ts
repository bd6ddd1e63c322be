export { assignmentRoster, launchedLearners, mergeRoster, type ClassMember, type RosterRow, type Student, type StudentStatus } from './assignment-roster';
export { contextAssignments, courseGrid, type CourseAssignment, type CourseCell, type CourseGrid } from './course-grid';
export { passedUnder, pickGraded, storedResult, type GradingSettings, type GradingPolicy, type StoredResult } from './grading';
export { questionStats, type ObjectiveStat, type QuestionStat, type MistakeKind } from './question-stats';
export { schoolAssignment, schoolClass, schoolOverview, schoolTrend, type ReportFilters } from './school-report';
