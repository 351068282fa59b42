import { operatorRunEvent, sendFailedEvent } from './events';

describe('run events read from stored reports', () => {
  it('reads a closed window as window_closed and anything else as a permanent failure', () => {
    expect(
      sendFailedEvent({
        effectId: 'r1:s2',
        reason: 'window_closed',
        code: '131047',
        message: 'Re-engagement',
      }),
    ).toEqual({
      type: 'send.failed',
      effectId: 'r1:s2',
      reason: 'window_closed',
      code: '131047',
      message: 'Re-engagement',
    });
    expect(sendFailedEvent({ effectId: 'r1:s3', reason: 'blocked' })).toEqual({
      type: 'send.failed',
      effectId: 'r1:s3',
      reason: 'permanent',
    });
  });

  it('reads an operator cancel with its reason or a default, and a resume with or without a node', () => {
    expect(operatorRunEvent({ action: 'cancel', reason: 'Duplicate lead' })).toEqual({
      type: 'cancel',
      reason: 'Duplicate lead',
    });
    expect(operatorRunEvent({ action: 'cancel' })).toEqual({
      type: 'cancel',
      reason: 'Cancelled by an operator.',
    });
    expect(operatorRunEvent({ action: 'resume', nodeId: 'ask_email' })).toEqual({
      type: 'resume',
      nodeId: 'ask_email',
    });
    expect(operatorRunEvent({ action: 'resume' })).toEqual({ type: 'resume' });
  });
});
