/** Pages other modules add (activities, hours, points, store): linked from the volunteer home only once they exist. */
export const VOLUNTEER_LINKS = [
  { name: 'activities', icon: 'flag-o', label: 'volunteers.phone.activities' },
  { name: 'volunteer-hours', icon: 'clock-o', label: 'volunteers.phone.hours' },
  { name: 'points', icon: 'points', label: 'volunteers.phone.points' },
  { name: 'store', icon: 'shop-o', label: 'volunteers.phone.store' },
] as const;
