import { BadRequestException, HttpStatus, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { HttpErrorFilter } from './http-error.filter';

function run(exception: unknown) {
  const reply = jest.fn();
  const res: { headersSent: boolean; err?: Error; end: jest.Mock } = { headersSent: false, end: jest.fn() };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new HttpErrorFilter({ httpAdapter: { reply } } as unknown as HttpAdapterHost).catch(exception, host);
  const [, body, status] = reply.mock.calls[0] ?? [];
  return { body, status, res, reply };
}

describe('HttpErrorFilter', () => {
  it('keeps the status and message of HttpExceptions', () => {
    const { body, status } = run(new NotFoundException('Flow 42 not found'));
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'NOT_FOUND', message: 'Flow 42 not found', requestId: 'req-1' } });
  });

  it('lists several problems (validation style) as details', () => {
    const { body, status } = run(new BadRequestException(['name is required', 'phone is invalid']));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'name is required; phone is invalid',
      details: ['name is required', 'phone is invalid'],
    });
  });

  it('lets a feature choose its own code', () => {
    const { body } = run(new BadRequestException({ code: 'FLOW_INVALID', message: 'node 3 has no exit' }));
    expect(body.error).toMatchObject({ code: 'FLOW_INVALID', message: 'node 3 has no exit' });
  });

  it('passes on client errors raised by Express middleware (body too large)', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    const { body, status } = run(tooLarge);
    expect(status).toBe(413);
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('hides unexpected errors behind a generic 500 and hands them to the request log', () => {
    const boom = new Error('connection string postgresql://u:pw@db leaked?');
    const { body, status, res } = run(boom);
    expect(status).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
    expect(body).toEqual({
      error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', requestId: 'req-1' },
    });
    expect(res.err).toBe(boom);
  });

  it('does not trust a status on errors that are not meant to be exposed', () => {
    const { status, body } = run(Object.assign(new Error('secret internals'), { status: 400 }));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });

  it('only ends the response when headers were already sent', () => {
    const reply = jest.fn();
    const res = { headersSent: true, end: jest.fn() };
    const host = {
      switchToHttp: () => ({ getRequest: () => ({ id: 'x' }), getResponse: () => res }),
    } as unknown as ArgumentsHost;
    new HttpErrorFilter({ httpAdapter: { reply } } as unknown as HttpAdapterHost).catch(
      new Error('late'),
      host,
    );
    expect(reply).not.toHaveBeenCalled();
    expect(res.end).toHaveBeenCalled();
  });
});
