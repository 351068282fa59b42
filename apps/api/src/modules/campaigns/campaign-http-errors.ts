import { BadRequestException, ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { CampaignError, ImportFileError } from '@leadline/campaigns';

/** The campaigns lib's refusals as 4xx with their stable codes; anything else is rethrown. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof ImportFileError) {
    return new BadRequestException({ code: error.code, message: error.message });
  }
  if (!(error instanceof CampaignError)) return error;
  const body = { code: error.code, message: error.message };
  switch (error.code) {
    case 'CAMPAIGN_NOT_FOUND':
      return new NotFoundException(body);
    case 'CAMPAIGN_STATE':
      return new ConflictException(body);
    default:
      return new HttpException(body, 422);
  }
}

export async function mapCampaignErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toHttpError(error);
  }
}
