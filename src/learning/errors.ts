import { AppError } from '../errors';

export class LearningError extends AppError {
  constructor(code: 'attempt_not_found' | 'already_answered' | 'already_submitted' | 'attempts_exhausted' | 'lesson_unknown' | 'invalid_answer', status: number, detail?: string) {
    super(code, status, detail);
    this.name = 'LearningError';
  }
}
