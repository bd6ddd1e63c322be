/**
 * Errors of the catalogue, in the app's one error tree (src/errors.ts). An invalid catalogue
 * is an operator problem found at start-up, hence a 500 and never a learner-facing message.
 */
import { AppError } from '../errors';

export class CatalogError extends AppError {
  declare readonly code: 'catalog_invalid';
  /** One self-contained line per problem: "<lesson>/v<n>/<file>: <where>: <what>". */
  readonly problems: string[];

  constructor(problems: string[]) {
    super('catalog_invalid', 500, `lesson catalogue is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`);
    this.name = 'CatalogError';
    this.problems = problems;
  }
}
