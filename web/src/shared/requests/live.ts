import { onScopeDispose } from 'vue';
import type { NotificationItem } from '../api/endpoints';
import { useNotificationsStore } from '../stores/notifications';
import { isRequestNotice, requestIdFromLink } from './status';

/**
 * Call `onUpdate` whenever a notice about a request arrives on the live stream (new report, dispatch, resolution,
 * reopening …), with the id of the request it concerns, so an open page can refresh what changed without a reload.
 * Also makes sure the stream is connected: pages outside the tab layout would otherwise not be listening.
 */
export function useRequestUpdates(onUpdate: (requestId: number | null, item: NotificationItem) => void): void {
  const notifications = useNotificationsStore();
  notifications.connect().catch(() => undefined);
  const stop = notifications.onNotification((item) => {
    if (isRequestNotice(item.kind)) onUpdate(requestIdFromLink(item.link), item);
  });
  onScopeDispose(stop);
}
