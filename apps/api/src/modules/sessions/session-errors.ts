import { HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';

export function invalidCredentials(): UnauthorizedException {
  // One message for every cause, so it does not reveal which workspaces or emails exist.
  return new UnauthorizedException({
    code: 'INVALID_CREDENTIALS',
    message: 'The workspace, email or password is wrong.',
  });
}

export function invalidRefreshToken(message = 'The refresh token is not valid; sign in again.') {
  return new UnauthorizedException({ code: 'INVALID_REFRESH_TOKEN', message });
}

/** 429 with the seconds to wait; the controller copies them into Retry-After. */
export class LoginLockedException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    what: 'sign-in' | 'password' = 'sign-in',
  ) {
    super(
      what === 'sign-in'
        ? {
            code: 'TOO_MANY_LOGIN_ATTEMPTS',
            message: `Too many failed sign-ins. Try again in ${retryAfterSeconds} seconds.`,
          }
        : {
            code: 'TOO_MANY_PASSWORD_ATTEMPTS',
            message: `Too many wrong current passwords. Try again in ${retryAfterSeconds} seconds.`,
          },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
