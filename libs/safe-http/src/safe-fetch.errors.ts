/** The request was not sent: its address is not allowed, or its URL is not http(s). */
export class OutboundRequestRefusedError extends Error {
  readonly code = 'HTTP_BLOCKED';
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRequestRefusedError';
  }
}

/** The response was bigger than allowed; it was cut off and dropped. */
export class ResponseTooLargeError extends Error {
  readonly code = 'HTTP_RESPONSE_TOO_LARGE';
  constructor(readonly limitBytes: number) {
    super(`the response is larger than ${limitBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}
