import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { NoChannelError, UnknownFlowError, type FlowEngineClient } from '@leadline/engine';
import type { Principal } from '../auth/api-key-principal';
import { InjectEngine } from '../engine/engine-client.module';
import type { LeadRequest } from './lead-request.schema';

export interface LeadAccepted {
  contactId: string;
  /** False when this Idempotency-Key was seen before: no second run is started. */
  accepted: boolean;
}

@Injectable()
export class LeadsService {
  constructor(@InjectEngine() private readonly engine: FlowEngineClient) {}

  /** Records the lead for the engine (which starts the flow's run) and returns at once. */
  async submit(principal: Principal, lead: LeadRequest, requestKey?: string): Promise<LeadAccepted> {
    try {
      return await this.engine.submitLead({
        tenantId: principal.tenantId,
        flowKey: lead.flow,
        phone: lead.phone,
        ...(lead.name !== undefined ? { name: lead.name } : {}),
        ...(lead.fields !== undefined ? { fields: lead.fields } : {}),
        ...(requestKey !== undefined ? { requestKey } : {}),
      });
    } catch (error) {
      if (error instanceof UnknownFlowError) {
        throw new NotFoundException({ code: 'FLOW_NOT_FOUND', message: error.message });
      }
      if (error instanceof NoChannelError) {
        throw new ConflictException({ code: 'NO_CHANNEL', message: error.message });
      }
      throw error;
    }
  }
}
