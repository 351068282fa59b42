import { attachmentProblem, fileSize } from './attachment-rules';

describe('what the reply box lets a person attach', () => {
  it('takes JPEG and PNG photos up to 5 MB and documents up to 16 MB', () => {
    expect(attachmentProblem({ type: 'image/png', size: 5 * 1024 * 1024 })).toBeNull();
    expect(attachmentProblem({ type: 'application/pdf', size: 16 * 1024 * 1024 })).toBeNull();
    expect(attachmentProblem({ type: 'image/png', size: 5 * 1024 * 1024 + 1 })).toBe(
      'Photos may be at most 5 MB on WhatsApp.',
    );
    expect(attachmentProblem({ type: 'application/pdf', size: 16 * 1024 * 1024 + 1 })).toBe(
      'Documents may be at most 16 MB.',
    );
  });

  it('refuses other kinds of file and empty ones, in plain words', () => {
    expect(attachmentProblem({ type: 'application/x-msdownload', size: 10 })).toMatch(/cannot be sent/);
    expect(attachmentProblem({ type: '', size: 10 })).toMatch(/cannot be sent/);
    expect(attachmentProblem({ type: 'text/plain', size: 0 })).toBe('The file is empty.');
    expect(fileSize(2048)).toBe('2 KB');
  });
});
