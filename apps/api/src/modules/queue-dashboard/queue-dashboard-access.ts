import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@leadline/config';
import type { Principal } from '../auth/api-key-principal';

/**
 * Who may look at the queue dashboard. The web app keeps its access token in memory, and a page the
 * browser navigates to cannot send it, so: the signed-in app asks for a one-minute ticket with its
 * Bearer token (POST /api/queue-dashboard/ticket, owners and admins of QUEUE_DASHBOARD_TENANT), then
 * opens /admin/queues?ticket=...; the API swaps the ticket for a session cookie that is HttpOnly,
 * SameSite=Strict (no cross-site requests carry it: no CSRF) and sent only to /admin/queues, and
 * drops the ticket from the address. The session lasts SESSION_SECONDS, then a new ticket is needed.
 */
export const DASHBOARD_PATH = '/admin/queues';
export const TICKET_SECONDS = 60;
export const SESSION_SECONDS = 30 * 60;
export const SESSION_COOKIE = 'leadline_queues';

/**
 * The one rule for who may open the dashboard: it shows every workspace's jobs, so only the people
 * (not API keys) who own or administer the workspace that runs this instance (QUEUE_DASHBOARD_TENANT).
 * The ticket route enforces it; GET /api/auth/me reports it so the web app shows the link only to them.
 */
export function mayOpenQueueDashboard(
  principal: Pick<Principal, 'kind' | 'role' | 'userId'>,
  tenantSlug: string | undefined,
  operator: AppConfig['queueDashboard'],
): boolean {
  return (
    !!operator &&
    principal.kind === 'user' &&
    !!principal.userId &&
    (principal.role === 'owner' || principal.role === 'admin') &&
    tenantSlug === operator.tenantSlug
  );
}

type Kind = 'queue-dashboard-ticket' | 'queue-dashboard-session';
interface Claims {
  sub: string;
  tid: string;
  typ: Kind;
}

export class QueueDashboardAccess {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    const audience = 'leadline-queue-dashboard';
    this.jwt = new JwtService({
      secret,
      signOptions: { algorithm: 'HS256', issuer: 'leadline', audience },
      verifyOptions: { algorithms: ['HS256'], issuer: 'leadline', audience },
    });
  }

  ticket(userId: string, tenantId: string): string {
    return this.sign({ sub: userId, tid: tenantId, typ: 'queue-dashboard-ticket' }, TICKET_SECONDS);
  }

  /** A session token for a valid ticket; undefined for anything else. */
  exchange(ticket: unknown): string | undefined {
    const claims = this.verify(ticket, 'queue-dashboard-ticket');
    return claims && this.sign({ ...claims, typ: 'queue-dashboard-session' }, SESSION_SECONDS);
  }

  isSession(token: unknown): boolean {
    return this.verify(token, 'queue-dashboard-session') !== undefined;
  }

  private sign(claims: Claims, seconds: number): string {
    return this.jwt.sign({ sub: claims.sub, tid: claims.tid, typ: claims.typ }, { expiresIn: seconds });
  }

  private verify(token: unknown, kind: Kind): Claims | undefined {
    if (typeof token !== 'string' || token.length > 2000) return undefined;
    try {
      const claims = this.jwt.verify<Claims>(token);
      return claims.typ === kind ? claims : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The value of one cookie in a Cookie header (no cookie-parser needed for one cookie). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}
