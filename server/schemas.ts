import { z } from 'zod';

// Shared field schemas. A message in UPPER_SNAKE is the error code the caller gets (see server/function.ts).
export const caseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const shortText = (max: number) => z.string().trim().min(1, 'FIELD_REQUIRED').max(max, 'TEXT_TOO_LONG');
export const cursor = z.string().max(200).optional();
