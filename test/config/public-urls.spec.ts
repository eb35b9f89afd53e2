import { PublicUrls, sitePaths } from '../../src/config/public-urls';

describe('Public URLs', () => {
  const urls = new PublicUrls('https://passerelle.test');

  it('link emails and feeds to the pages, the feeds and the one-use links of this site', () => {
    expect(urls.forum('forum-2024')).toBe('https://passerelle.test/forums/forum-2024');
    expect(urls.registration('forum-2024')).toBe('https://passerelle.test/forums/forum-2024/registration');
    expect(urls.poll('forum-2024')).toBe('https://passerelle.test/forums/forum-2024/poll');
    expect(urls.programmeFeed('forum-2024')).toBe('https://passerelle.test/calendar/forums/forum-2024.ics');
    expect(urls.personalFeed('cal_abc-_1')).toBe('https://passerelle.test/calendar/delegates/cal_abc-_1.ics');
    expect(urls.signIn('sil_x-y_z')).toBe('https://passerelle.test/sign-in?token=sil_x-y_z');
    expect(urls.access('acc_x-y_z')).toBe('https://passerelle.test/access?token=acc_x-y_z');
    expect(urls.forumApi('0b7c')).toBe('https://passerelle.test/api/forums/0b7c');
  });

  it('give a feed its language and theme in that order, and nothing when none is asked', () => {
    expect(sitePaths.programmeFeed('f', { lang: 'ko', theme: 't1' })).toBe('/calendar/forums/f.ics?lang=ko&theme=t1');
    expect(sitePaths.deadlinesFeed('f', { lang: 'en' })).toBe('/calendar/forums/f/deadlines.ics?lang=en');
    expect(sitePaths.deadlinesFeed('f')).toBe('/calendar/forums/f/deadlines.ics');
  });

  it('escape what they carry, so a token or a slug never ends the path or the query early', () => {
    expect(sitePaths.forum('a/b?c')).toBe('/forums/a%2Fb%3Fc');
    expect(urls.unsubscribe('0b7c.deadline_reminder.sig&x=1')).toBe(
      'https://passerelle.test/api/unsubscribe?token=0b7c.deadline_reminder.sig%26x%3D1',
    );
  });
});
