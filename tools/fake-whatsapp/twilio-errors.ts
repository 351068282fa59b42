/**
 * Twilio REST error codes the fake returns. 21655 (invalid ContentSid), 21656 (invalid ContentVariables)
 * and 21654 (ContentVariables without ContentSid) match Twilio's error catalogue; the others are the
 * codes Twilio documents for the same validation failures on the Messages resource.
 */
const TWILIO_ERRORS: Record<number, { status: number; message: string }> = {
  20003: { status: 401, message: 'Authenticate' },
  20404: { status: 404, message: 'The requested resource was not found' },
  20429: { status: 429, message: 'Too Many Requests' },
  20500: { status: 500, message: 'Internal Server Error' },
  21211: { status: 400, message: "Invalid 'To' Phone Number" },
  21602: { status: 400, message: 'Message body is required.' },
  21603: { status: 400, message: "A 'From' phone number is required." },
  21604: { status: 400, message: "A 'To' phone number is required." },
  21609: { status: 400, message: 'Invalid StatusCallback' },
  21617: { status: 400, message: 'The concatenated message body exceeds the 1600 character limit.' },
  21620: { status: 400, message: 'Invalid media URL(s)' },
  21654: { status: 400, message: 'ContentSid Required' },
  21655: { status: 400, message: 'The ContentSid is Invalid' },
  21656: { status: 400, message: 'The ContentVariables Parameter is invalid' },
  63007: { status: 400, message: 'Twilio could not find a Channel with the specified From address' },
};

/** Asynchronous error codes reported through status callbacks. */
export const TWILIO_ASYNC_ERRORS = {
  outsideWindow: 63016,
  notWhatsAppUser: 63003,
} as const;

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioErrorBody(code: number, message?: string, status?: number): TwilioErrorBody {
  const known = TWILIO_ERRORS[code];
  return {
    code,
    message: message ?? known?.message ?? 'Error',
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status: status ?? known?.status ?? 400,
  };
}

export class TwilioRequestError extends Error {
  readonly body: TwilioErrorBody;

  constructor(code: number, message?: string, status?: number) {
    const body = twilioErrorBody(code, message, status);
    super(`${code}: ${body.message}`);
    this.body = body;
  }
}
