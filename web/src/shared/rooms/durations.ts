/** Durations in the words people use: "2 小时", "30 分钟", "1 小时 30 分钟", "3 天". */

type Translate = (key: string, params: Record<string, number>) => string;

export function durationText(minutes: number, t: Translate): string {
  if (minutes === 0) return t('rooms.duration.none', {});
  if (minutes % 1440 === 0) return t('rooms.duration.days', { n: minutes / 1440 });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('rooms.duration.minutes', { n: m });
  if (m === 0) return t('rooms.duration.hours', { n: h });
  return t('rooms.duration.hoursMinutes', { h, m });
}
