import { z } from 'zod';
import { MAX_DESCRIPTION, MAX_PHOTOS } from '../domain/limits';

// Shared field schemas. A message in UPPER_SNAKE is the error code the caller gets (see server/function.ts).
export const caseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const shortText = (max: number) => z.string().trim().min(1, 'FIELD_REQUIRED').max(max, 'TEXT_TOO_LONG');
export const cursor = z.string().max(200).optional();

/** Stored photos (cloud file ids), as many as a case may have. */
export const photoIds = z
  .array(z.string().regex(/^cloud:\/\/\S{1,500}$/))
  .max(MAX_PHOTOS, 'TOO_MANY_PHOTOS')
  .optional();

/** A retry-safe request id: the same id names the same new record. */
export const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** What every new case is filed with, by a resident (cases.submit) or by staff (cases.register). */
export const newCaseFields = {
  category: z.string().min(1).max(64),
  communityId: z.string().min(1).max(64),
  description: z.string().trim().min(1, 'FIELD_REQUIRED').max(MAX_DESCRIPTION, 'DESCRIPTION_TOO_LONG'),
  photos: photoIds,
  location: z
    .object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      address: z.string().max(200).optional()
    })
    .strict()
    .optional(),
  major: z.boolean().optional(),
  anonymous: z.boolean().optional(),
  requestId
};
