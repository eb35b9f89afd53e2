import type { PublicUrls } from '../config/public-urls';

/** The ways to subscribe to one feed: a calendar app, Google, Outlook, or a one-off download. */
export interface SubscribeLinks {
  https: string;
  webcal: string;
  google: string;
  outlook: string;
  download: string;
}

/** `feedPath` is the feed's path and query on this site (`sitePaths`), e.g. `/calendar/forums/x.ics?lang=ko`. */
export function subscribeLinks(urls: PublicUrls, feedPath: string, name: string): SubscribeLinks {
  const https = urls.absolute(feedPath);
  const webcal = https.replace(/^https?:/, 'webcal:');
  return {
    https,
    webcal,
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(https)}&name=${encodeURIComponent(name)}`,
    // Relative: the download works wherever the page was reached from.
    download: feedPath,
  };
}
