import { EMAIL_PATTERN } from '@leadline/database';
import { passwordProblem } from '@leadline/secrets';
import { z } from 'zod';
import { ROLES } from '../auth/role-permissions';
import { pageQueryShape } from '../pagination/page';

const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const name = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' });

export const createUserSchema = z
  .strictObject({
    email: z.string().trim().max(320).regex(EMAIL_PATTERN, { error: 'must be an email address' }),
    name: name.optional(),
    role,
    /** The first password; the person changes it later. Invitations by email are not built yet. */
    password: z.string(),
  })
  .superRefine((body, ctx) => {
    // The person's own email and name are the first guesses: checked with the password.
    const problem = passwordProblem(body.password, [body.email, body.name ?? '']);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

export const updateUserSchema = z
  .strictObject({ role: role.optional(), name: name.nullable().optional() })
  .refine((body) => body.role !== undefined || body.name !== undefined, {
    error: 'send role and/or name',
  });

export const listUsersSchema = z.strictObject({ ...pageQueryShape, role: role.optional() });

export type CreateUser = z.output<typeof createUserSchema>;
export type UpdateUser = z.output<typeof updateUserSchema>;
export type ListUsers = z.output<typeof listUsersSchema>;
