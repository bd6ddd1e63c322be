/**
 * Errors of the catalogue. The web layer maps them onto the app-wide error tree; they stay
 * plain Errors here so the catalogue has no dependency on the web or i18n layers.
 */
export class CatalogError extends Error {
  /** Stable code, so callers and logs can tell a bad package apart from an I/O failure. */
  readonly code = 'catalog_invalid' as const;
  /** One self-contained line per problem: "<lesson>/v<n>/<file>: <where>: <what>". */
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`lesson catalogue is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`);
    this.name = 'CatalogError';
    this.problems = problems;
  }
}
