import { passwordProblem } from '@leadline/secrets';
import { z } from 'zod';

export const loginBodySchema = z.strictObject({
  /** The workspace's slug, e.g. acme-solar. */
  tenant: z.string().trim().min(1, { error: 'must be the workspace slug, e.g. acme-solar' }).max(63),
  email: z.string().trim().min(3, { error: 'must be an email address' }).max(320),
  password: z.string().min(1, { error: 'must not be empty' }).max(1024),
});

export const refreshBodySchema = z.strictObject({
  refreshToken: z.string().min(1, { error: 'must be the refreshToken a sign-in returned' }).max(200),
});

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1, { error: 'must not be empty' }).max(1024),
  newPassword: z.string().superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export type ChangePasswordBody = z.output<typeof changePasswordBodySchema>;
export type LoginBody = z.output<typeof loginBodySchema>;
export type RefreshBody = z.output<typeof refreshBodySchema>;
