/**
 * Meta's Facebook JS SDK for Embedded Signup, loaded only when Settings → Channels opens (no other
 * page sends anything to Facebook). The signup runs in Meta's popup: FB.login gives an authorization
 * code, and the popup posts a "session info" message with the WABA and phone number ids.
 */

interface FacebookLoginResponse {
  authResponse?: { code?: string } | null;
  status?: string;
}

export interface FacebookSdk {
  init(options: { appId: string; autoLogAppEvents?: boolean; xfbml?: boolean; version: string }): void;
  login(callback: (response: FacebookLoginResponse) => void, options: Record<string, unknown>): void;
}

declare global {
  interface Window {
    FB?: FacebookSdk;
    fbAsyncInit?: () => void;
  }
}

const SDK_URL = 'https://connect.facebook.net/en_US/sdk.js';
let loading: Promise<FacebookSdk> | null = null;

export function loadFacebookSdk(appId: string, version: string): Promise<FacebookSdk> {
  loading ??= new Promise<FacebookSdk>((resolve, reject) => {
    const ready = (sdk: FacebookSdk) => {
      sdk.init({ appId, autoLogAppEvents: true, xfbml: false, version });
      resolve(sdk);
    };
    if (window.FB) return ready(window.FB);
    window.fbAsyncInit = () => (window.FB ? ready(window.FB) : reject(new Error('no SDK')));
    const script = document.createElement('script');
    script.src = SDK_URL;
    script.async = true;
    script.crossOrigin = 'anonymous';
    script.onerror = () => {
      loading = null;
      reject(new Error('Facebook could not be reached.'));
    };
    document.body.appendChild(script);
  });
  return loading;
}

export interface SessionInfo {
  wabaId: string;
  phoneNumberId: string;
}

/** Only messages from Facebook's own pages are believed. */
function fromFacebook(origin: string): boolean {
  try {
    return /(^|\.)facebook\.com$/.test(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/**
 * Waits for Embedded Signup's session-info message (`WA_EMBEDDED_SIGNUP`, event FINISH) from
 * facebook.com; rejects when the person closes the flow (CANCEL) or reports an error.
 */
export function waitForSessionInfo(signal: AbortSignal): Promise<SessionInfo> {
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent) => {
      if (!fromFacebook(event.origin)) return;
      let data: { type?: string; event?: string; data?: Record<string, string> };
      try {
        data = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
      } catch {
        return;
      }
      if (data?.type !== 'WA_EMBEDDED_SIGNUP') return;
      window.removeEventListener('message', onMessage);
      if (data.event === 'FINISH' && data.data?.waba_id && data.data?.phone_number_id) {
        resolve({ wabaId: data.data.waba_id, phoneNumberId: data.data.phone_number_id });
      } else {
        reject(new Error('The WhatsApp connection was not finished in the Facebook window.'));
      }
    };
    window.addEventListener('message', onMessage);
    signal.addEventListener('abort', () => window.removeEventListener('message', onMessage));
  });
}

/** Opens Meta's Embedded Signup with the platform's configuration; resolves with the code. */
export function facebookLogin(sdk: FacebookSdk, configId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    sdk.login(
      (response) => {
        const code = response.authResponse?.code;
        if (code) resolve(code);
        else reject(new Error('The Facebook sign-in was cancelled.'));
      },
      {
        config_id: configId,
        response_type: 'code',
        override_default_response_type: true,
        extras: { setup: {}, featureType: '', sessionInfoVersion: '3' },
      },
    );
  });
}
