export { deleteDeployment, deleteUser, exportUserData, findUsers, purgeExpired, type UserRef } from './user-data';
