import type { TagType } from 'vant';
import type { WorkshopOrder } from '@/shared/api/servicesWorkshopApi';

/** How an order's status looks, and an instant shown as "2026-03-07 10:00" (China time from the server). */
export function statusTag(status: WorkshopOrder['status']): TagType {
  if (status === 'done') return 'success';
  if (status === 'confirmed') return 'primary';
  if (status === 'requested') return 'warning';
  return 'default';
}

export function when(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '';
}

/** "2026-03-07 10:00" → an instant in China time; null when empty; undefined when malformed. */
export function chinaInstant(text: string): string | null | undefined {
  const v = text.trim();
  if (!v) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(v);
  return m ? `${m[1]}T${m[2]}:00+08:00` : undefined;
}
