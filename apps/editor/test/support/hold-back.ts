import type { Page, Request } from 'playwright-core';

export interface HeldAnswer {
  /** Resolves once the page has made the held request. */
  asked: Promise<void>;
  /** Lets the held answer through; resolves once it reached the page and the page had a frame to show it. */
  release(): Promise<void>;
}

/** Waits for a frame and a moment after it: what a late answer does to the page is on screen. */
export function nextFrame(page: Page): Promise<unknown> {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
}

/**
 * Holds back the answer to the first request to `url` that `held` picks, so a test can make an earlier
 * request answer after a later one (the order two quick choices' answers may take over a real
 * network) and check that the page still shows the answer to the latest. Every other request goes
 * through at once. With `refuse`, the held request never reaches the API: it is answered with that
 * HTTP status (a refusal that comes back after a later request succeeded).
 */
export async function holdBack(
  page: Page,
  url: RegExp,
  held: (request: Request) => boolean,
  { refuse }: { refuse?: number } = {},
): Promise<HeldAnswer> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let markAsked!: () => void;
  const asked = new Promise<void>((resolve) => (markAsked = resolve));
  let first: Request | null = null;
  await page.route(url, async (route) => {
    if (first === null && held(route.request())) {
      first = route.request();
      markAsked();
      await gate;
      if (refuse)
        return route.fulfill({
          status: refuse,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: refuse, message: 'Refused by the test' }),
        });
    }
    await route.continue();
  });
  const isFirst = (request: Request) =>
    first !== null && request.url() === first.url() && request.postData() === first.postData();
  return {
    asked,
    release: async () => {
      const answered = page.waitForResponse((response) => isFirst(response.request()));
      open();
      await answered;
      await nextFrame(page);
      await page.unroute(url);
    },
  };
}
