/** What each validation code is about, in the words the Problems list shows (the code stays in a tooltip). */
const TITLES: Record<string, string> = {
  SCHEMA: 'Setting not valid',
  TRIGGER: 'How the flow starts',
  DUPLICATE_ID: 'Same name twice',
  DANGLING_EDGE: 'Connection to nothing',
  DUPLICATE_PORT: 'Two connections from one exit',
  EDGE_TO_TRIGGER: 'Connection back to the start',
  UNREACHABLE: 'Never reached',
  LOOP_WITHOUT_WAIT: 'Endless loop',
  EXPRESSION: 'Placeholder not understood',
  PATTERN: 'Pattern not usable',
  WAIT_TOO_SHORT: 'Wait too short',
  WHATSAPP_LIMIT: 'Over WhatsApp’s limit',
  TEMPLATE_NAME: 'Template name not valid',
  UNKNOWN_ACTIVITY: 'Unknown activity',
  W24H: 'After the 24-hour window',
  DEAD_END: 'Ends without a word',
  VALIDATOR: 'Could not check the flow',
};

export function problemTitle(code: string): string {
  return TITLES[code] ?? code;
}
