import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, type AuthEnv, type TokenVerifier } from '@micro-ecommerce/pkg/auth';
import type { GetCustomer } from '../../../app/get-customer.js';
import type { LogIn } from '../../../app/log-in.js';
import type { SignUp } from '../../../app/sign-up.js';
import type { UpdateProfile } from '../../../app/update-profile.js';
import { clientIp } from './client-ip.js';
import { bearerAuth, failure, jsonBodyRoute, jsonContent, registerBearerAuth } from '@micro-ecommerce/pkg/http';
import { customerResponse, logInBody, signUpBody, toCustomerJson, tokenResponse, updateMeBody } from './schemas.js';

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
const UNAUTHENTICATED = failure('Missing, invalid or expired access token (MISSING_TOKEN, INVALID_TOKEN, TOKEN_EXPIRED).');
const NOT_FOUND = failure('The account of the token no longer exists (CUSTOMER_NOT_FOUND).');
const EMAIL_TAKEN = failure('Another account uses this email (EMAIL_TAKEN).');

const signUpRoute = createRoute({
  method: 'post',
  path: '/api/v1/customer/signup',
  summary: 'Create a customer account',
  middleware: signUp.middleware,
  request: signUp.request,
  responses: {
    201: jsonContent(customerResponse, 'The new account.'),
    400: failure('Invalid input (INVALID_ARGUMENT; error.details.fields names every bad field) or MALFORMED_JSON.'),
    409: EMAIL_TAKEN,
    422: failure('REFERRAL_CODE_UNKNOWN: referral_code is not the code of any customer (error.details.fields names referral_code).'),
    ...signUp.failures,
  },
});

const logInRoute = createRoute({
  method: 'post',
  path: '/api/v1/customer/login',
  summary: 'Exchange email and password for an access token (RS256 JWT)',
  middleware: logIn.middleware,
  request: logIn.request,
  responses: {
    200: jsonContent(tokenResponse, 'A bearer token for the Authorization header.'),
    400: BAD_REQUEST,
    ...logIn.failures,
    401: failure('Wrong email or password (INVALID_CREDENTIALS); the same answer for both.'),
    429: {
      ...failure('Too many failed attempts for this email or client IP (TOO_MANY_ATTEMPTS).'),
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
  summary: "Change the caller's name, email and/or password",
  security: bearerAuth,
  middleware: updateMe.middleware,
  request: updateMe.request,
  responses: {
    200: jsonContent(customerResponse, 'The updated account.'),
    400: BAD_REQUEST,
    ...updateMe.failures,
    401: UNAUTHENTICATED,
    404: NOT_FOUND,
    409: EMAIL_TAKEN,
  },
});

/** Mounts sign-up, login and /me. No business logic here: parse, call the use case, shape the answer. */
export const mountAccountRoutes = (app: OpenAPIHono<AuthEnv>, useCases: AccountUseCases, verifyToken: TokenVerifier): void => {
  registerBearerAuth(app);
  const authenticated = requireAuth(verifyToken);
  app.use(getMeRoute.path, authenticated);

  app.openapi(signUpRoute, async (c) => {
    const { referral_code: referralCode, ...account } = c.req.valid('json');
    const customer = await useCases.signUp({ ...account, referralCode });
    return c.json({ data: toCustomerJson(customer) }, 201);
  });

  app.openapi(logInRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const token = await useCases.logIn({ email, password, clientIp: clientIp(c) });
    return c.json({ data: { access_token: token.accessToken, token_type: 'Bearer' as const, expires_in: token.expiresIn } }, 200);
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
