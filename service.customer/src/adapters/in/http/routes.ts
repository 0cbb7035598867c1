import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import type { GetCustomer } from '../../../app/get-customer.js';
import type { LogIn } from '../../../app/log-in.js';
import type { SignUp } from '../../../app/sign-up.js';
import type { UpdateProfile } from '../../../app/update-profile.js';
import { clientIp } from './client-ip.js';
import { bearerAuth, failure, failureWithRetryAfter, jsonBodyRoute, jsonContent, registerBearerAuth } from '@micro-ecommerce/pkg/http';
import { normaliseEmail } from '../../../domain/email.js';
import {
  customerResponse,
  logInBody,
  signUpAccepted,
  signUpBody,
  toCustomerJson,
  toSessionJson,
  tokenResponse,
  updateMeBody,
} from './schemas.js';

export interface AccountUseCases {
  signUp: SignUp;
  logIn: LogIn;
  getCustomer: GetCustomer;
  updateProfile: UpdateProfile;
}

// A route with a JSON body: its middleware (415, MALFORMED_JSON) and documented body; `failures` join its responses.
const withBody = <S extends z.ZodType>(schema: S, description: string) => {
  const { middleware, body, failures } = jsonBodyRoute(schema, description);
  return { middleware, request: { body }, failures };
};
const signUp = withBody(signUpBody, 'The new account.');
const logIn = withBody(logInBody, 'The credentials.');
const updateMe = withBody(updateMeBody, 'The fields to change (at least one).');
const BAD_REQUEST = failure('Invalid input (INVALID_ARGUMENT; error.details.fields names every bad field) or MALFORMED_JSON.');
const UNAUTHENTICATED = failure(
  'Missing, invalid, expired or revoked access token (MISSING_TOKEN, INVALID_TOKEN, TOKEN_EXPIRED, TOKEN_REVOKED after a change of email or password).',
);
const NOT_FOUND = failure('The account of the token no longer exists (CUSTOMER_NOT_FOUND).');
const EMAIL_TAKEN = failure('Another account uses this email (EMAIL_TAKEN).');

const signUpRoute = createRoute({
  method: 'post',
  path: '/api/v1/customer/signup',
  summary: 'Create a customer account',
  middleware: signUp.middleware,
  request: signUp.request,
  description:
    'The answer is the same whether or not the address already had an account (nothing is created or changed then), so that ' +
    'sign-up does not tell who is registered. Log in next to get tokens.',
  responses: {
    202: jsonContent(signUpAccepted, 'Signed up; log in with the address and password.'),
    400: failure('Invalid input (INVALID_ARGUMENT; error.details.fields names every bad field) or MALFORMED_JSON.'),
    422: failure('REFERRAL_CODE_UNKNOWN: referral_code is not the code of any customer (error.details.fields names referral_code).'),
    ...signUp.failures,
  },
});

const logInRoute = createRoute({
  method: 'post',
  path: '/api/v1/customer/login',
  summary: 'Exchange email and password for an access token (RS256 JWT) and a refresh token',
  middleware: logIn.middleware,
  request: logIn.request,
  responses: {
    200: jsonContent(tokenResponse, 'A bearer token for the Authorization header, and the refresh token that renews it.'),
    400: BAD_REQUEST,
    ...logIn.failures,
    401: failure('Wrong email or password (INVALID_CREDENTIALS); the same answer for both.'),
    429: {
      ...failure(
        'Too many failed attempts from this client address, or at this account from this address, the wait doubling with each (TOO_MANY_ATTEMPTS).',
      ),
      headers: z.object({ 'Retry-After': z.string().openapi({ description: 'Seconds to wait.' }) }),
    },
  },
});

const getMeRoute = createRoute({
  method: 'get',
  path: '/api/v1/customer/me',
  summary: "The caller's own account",
  security: bearerAuth,
  responses: {
    200: jsonContent(customerResponse, "The caller's account."),
    401: UNAUTHENTICATED,
    404: NOT_FOUND,
  },
});

const updateMeRoute = createRoute({
  method: 'put',
  path: '/api/v1/customer/me',
  summary: "Change the caller's name, email and/or password (email and password need current_password, and revoke earlier tokens)",
  security: bearerAuth,
  middleware: updateMe.middleware,
  request: updateMe.request,
  responses: {
    200: jsonContent(customerResponse, 'The updated account.'),
    400: BAD_REQUEST,
    ...updateMe.failures,
    401: UNAUTHENTICATED,
    403: failure('CURRENT_PASSWORD_WRONG: current_password is not the account’s password.'),
    404: NOT_FOUND,
    409: EMAIL_TAKEN,
    429: failureWithRetryAfter('TOO_MANY_ATTEMPTS: too many wrong current passwords; the wait doubles with each.'),
  },
});

/** Mounts sign-up, login and /me. No business logic here: parse, call the use case, shape the answer. */
export const mountAccountRoutes = (app: OpenAPIHono<AuthEnv>, useCases: AccountUseCases, verifyToken: TokenVerifier): void => {
  registerBearerAuth(app);
  const authenticated = requireAuth(verifyToken);
  app.use(getMeRoute.path, authenticated);

  app.openapi(signUpRoute, async (c) => {
    const { referral_code: referralCode, ...account } = c.req.valid('json');
    // A taken address (null) answers exactly as a new account does.
    await useCases.signUp({ ...account, referralCode });
    return c.json({ data: { email: normaliseEmail(account.email) } }, 202);
  });

  app.openapi(logInRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const session = await useCases.logIn({ email, password, clientIp: clientIp(c) });
    return c.json({ data: toSessionJson(session) }, 200);
  });

  app.openapi(getMeRoute, async (c) => {
    const customer = await useCases.getCustomer(c.var.principal.customerId);
    return c.json({ data: toCustomerJson(customer) }, 200);
  });

  app.openapi(updateMeRoute, async (c) => {
    const customer = await useCases.updateProfile(c.var.principal.customerId, c.req.valid('json'));
    return c.json({ data: toCustomerJson(customer) }, 200);
  });
};
