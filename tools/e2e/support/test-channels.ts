/** The seeded tenant's two WhatsApp numbers, as both the fakes and the channel rows know them. */
export const META = {
  phoneNumberId: '100000000000077',
  wabaId: '200000000000077',
  displayPhone: '+15550001111',
  accessToken: 'e2e-meta-access-token',
  appSecret: 'e2e-meta-app-secret',
  verifyToken: 'e2e-meta-verify-token',
} as const;

export const TWILIO = {
  /** A Twilio channel's phone number id is our WhatsApp number in E.164. */
  number: '+15550002222',
  accountSid: `AC${'e2e0'.repeat(8)}`,
  authToken: 'e2e-twilio-auth-token',
  stillInterestedSid: `HX${'5711'.repeat(8)}`,
} as const;

/** The re-engagement template's text as both providers render it. */
export const STILL_INTERESTED_BODY = 'Hi {{1}}, are you still interested in going solar? Just reply here.';

/** What the lead-capture flow says, in order (flows/lead-capture.flow.json). */
export const FLOW_TEXT = {
  welcome:
    'Hi! 👋 Thanks for contacting Sunrise Solar. Three quick questions and the right person will get back to you.',
  askName: "First, what's your name?",
  askNeed: (name: string) => `Nice to meet you, ${name}! What are you interested in?`,
  needOptions: ['Home solar', 'Business solar', 'Battery only'],
} as const;
