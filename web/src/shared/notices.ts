import type { NotificationItem } from './api/endpoints';

/**
 * A notice's title and body in the page's language: the English the sender wrote when the page is in English,
 * else the Chinese every notice has (announcements typed by staff are in one language only).
 */
export function noticeText(item: Pick<NotificationItem, 'title' | 'body' | 'en'>, locale: string): { title: string; body: string } {
  if (locale.startsWith('en') && item.en) return item.en;
  return { title: item.title, body: item.body };
}
