export { assignmentRoster, type RosterRow, type StudentStatus } from './assignment-roster';
export { schoolOverview, type ClassOverview } from './school-overview';
