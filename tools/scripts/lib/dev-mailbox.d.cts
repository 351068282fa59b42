import type { ParsedMail } from 'mailparser';
export interface DevMailbox {
  smtpUrl: string;
  webUrl: string;
  mails: Array<{ at: Date; mail: ParsedMail }>;
  close(): Promise<unknown>;
}
export declare function startDevMailbox(options?: {
  smtpPort?: number;
  webPort?: number;
  host?: string;
}): Promise<DevMailbox>;
