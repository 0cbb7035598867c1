import { z } from '@hono/zod-openapi';
import { textField } from '@micro-ecommerce/pkg/http';
import { ROLES } from '@micro-ecommerce/pkg/auth';
import type { Session } from '../../../app/ports.js';
import { NAME_MAX_LENGTH, type Customer } from '../../../domain/customer.js';
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN, emailProblem } from '../../../domain/email.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../domain/password-policy.js';
import { REFERRAL_CODE_LENGTH } from '../../../domain/referral-code.js';

// The edge checks types and sizes; the domain (Email, password policy) decides the finer rules, so seeding and
// every other caller meet the same checks. Bodies are strict: an unknown key such as "role" is a 400, not ignored.

// The domain's own rule, run here too so that one 400 names every bad field at once, and documented. The document's
// pattern has no room for surrounding whitespace, so the edge refuses what the domain alone would trim.
const newEmailField = z
  .string()
  .superRefine((raw, ctx) => {
    const problem = raw === raw.trim() ? emailProblem(raw) : 'must not start or end with whitespace';
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({ format: 'email', maxLength: EMAIL_MAX_LENGTH, pattern: EMAIL_PATTERN.source, example: 'ada@example.com' });
// Login looks the email up as given: a malformed one is just an unknown account.
const loginEmailField = textField({ min: 1, max: 320 }).openapi({ format: 'email', example: 'ada@example.com' });
// The domain's password policy, stated here so that the document carries it (lengths in characters).
const newPasswordField = textField({ min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH, notBlank: true }).openapi({
  format: 'password',
  example: 'correct horse battery',
});
const nameField = textField({ max: NAME_MAX_LENGTH }).openapi({ example: 'Ada Lovelace' });

// Loosely typed codes (lower case, a dash or spaces) are accepted and normalised by the domain; the bound only
// keeps garbage out. Whether the code names a customer is the use case's question (422 REFERRAL_CODE_UNKNOWN).
const referralCodeField = textField({ min: 1, max: 4 * REFERRAL_CODE_LENGTH }).openapi({
  description:
    "Another customer's referral code (GET /me shows each customer's own): they earn a commission on this account's paid orders.",
  example: 'K7M2-QX9P',
});

export const signUpBody = z
  .strictObject({
    email: newEmailField,
    password: newPasswordField,
    name: nameField.optional(),
    referral_code: referralCodeField.optional(),
  })
  .openapi('SignUpRequest');

export const logInBody = z
  .strictObject({
    email: loginEmailField,
    // Any stored password fits; the bound only keeps a huge body from costing argon2 time.
    password: textField({ min: 1, max: PASSWORD_MAX_LENGTH * 4 }).openapi({ format: 'password' }),
  })
  .openapi('LogInRequest');

export const updateMeBody = z
  .strictObject({
    name: nameField.optional(),
    email: newEmailField.optional(),
    password: newPasswordField.optional(),
    current_password: textField({ min: 1, max: PASSWORD_MAX_LENGTH * 4 })
      .optional()
      .openapi({
        format: 'password',
        description: 'Required with a new email or password. Such a change revokes every earlier token: log in again.',
      }),
  })
  // A new email or password needs the current password: checked here (one 400 naming every bad field) and
  // documented as JSON Schema's dependentRequired. The use case answers 400 for an empty change.
  .superRefine((body, ctx) => {
    if ((body.email !== undefined || body.password !== undefined) && body.current_password === undefined)
      ctx.addIssue({ code: 'custom', path: ['current_password'], message: 'is required to change email or password' });
  })
  // At least one of the changes (current_password alone changes nothing), and current_password with email or
  // password: JSON Schema 2020-12 (OpenAPI 3.1), which the generator passes through but does not type.
  .openapi('UpdateMeRequest', {
    ...({
      anyOf: [{ required: ['name'] }, { required: ['email'] }, { required: ['password'] }],
      dependentRequired: { email: ['current_password'], password: ['current_password'] },
    } as object),
  });

export const customerSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    loyalty_points: z.number().int().nonnegative(),
    referral_code: z.string().openapi({ description: 'The code others sign up with to become your referrals.', example: 'K7M2QX9P' }),
    created_at: z.iso.datetime(),
  })
  .openapi('Customer');

export const customerResponse = z.object({ data: customerSchema }).openapi('CustomerResponse');

export const signUpAccepted = z
  .object({ data: z.object({ email: z.string().openapi({ description: 'The address, normalised as login compares it.' }) }) })
  .openapi('SignUpAccepted');

export const tokenResponse = z
  .object({
    data: z.object({
      access_token: z.string(),
      token_type: z.literal('Bearer'),
      expires_in: z.number().int().positive().openapi({ description: 'Seconds until the token expires.' }),
      refresh_token: z.string().openapi({
        description: 'Spend at POST /api/v1/customer/token for a new access token and a new refresh token; each is good for one use.',
      }),
      refresh_expires_in: z.number().int().positive().openapi({ description: 'Seconds the refresh token stays usable unspent.' }),
    }),
  })
  .openapi('TokenResponse');

export const refreshTokenBody = z
  .strictObject({ refresh_token: textField({ min: 1, max: 200, singleLine: true }) })
  .openapi('RefreshTokenRequest');

/** The JSON form of a session (the token response of login and refresh). */
export const toSessionJson = (session: Session): z.infer<typeof tokenResponse>['data'] => ({
  access_token: session.accessToken,
  token_type: 'Bearer',
  expires_in: session.expiresIn,
  refresh_token: session.refreshToken,
  refresh_expires_in: session.refreshExpiresIn,
});

/** The public JSON form of an account (snake_case, ISO timestamps, points as a number). */
export const toCustomerJson = (customer: Customer): z.infer<typeof customerSchema> => ({
  id: customer.id,
  email: customer.email,
  name: customer.name,
  role: customer.role,
  // Points stay far below 2^53; the JSON number is exact.
  loyalty_points: Number(customer.loyaltyPoints),
  referral_code: customer.referralCode,
  created_at: customer.createdAt.toISOString(),
});
