import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser';
import { startEditorServer, type EditorServer } from './editor-server';

export interface EditorSession {
  url: string;
  browser: TestBrowser;
  /**
   * A new tab on the editor; errors the page throws are collected in `pageErrors`. As a guest by
   * default (past the sign-in screen, examples only); `{ signIn: false }` stays on the sign-in screen.
   */
  openEditor(options?: { signIn?: false }): Promise<Page>;
  pageErrors: Error[];
  close(): Promise<void>;
}

/** One build, one server and one browser for a whole test file; started side by side to save time. */
export async function startEditorSession(options: { apiUrl?: string } = {}): Promise<EditorSession> {
  const [server, browser] = await Promise.allSettled([
    startEditorServer(60_000, options.apiUrl),
    launchBrowser(),
  ]);
  if (server.status === 'rejected' || browser.status === 'rejected') {
    if (server.status === 'fulfilled') await server.value.stop();
    if (browser.status === 'fulfilled') await browser.value.close();
    throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
  }
  const editor: EditorServer = server.value;
  const pageErrors: Error[] = [];
  return {
    url: editor.url,
    browser: browser.value,
    pageErrors,
    openEditor: async (open = {}) => {
      const page = await browser.value.context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error));
      // The flow editor is the web app's /flows section (the app's home depends on the role).
      await page.goto(new URL('/flows', editor.url).href);
      if (open.signIn !== false) {
        await page.getByRole('button', { name: /without signing in/ }).click();
      }
      return page;
    },
    close: async () => {
      await Promise.all([browser.value.close(), editor.stop()]);
    },
  };
}
