import './vant';
import './styles.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { onSessionExpired } from '@/shared/api';
import { currentLocale, i18n } from '@/shared/i18n';
import { useAuthStore } from '@/shared/stores/auth';
import { useNotificationsStore } from '@/shared/stores/notifications';
import App from './App.vue';
import { router } from './router';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n).use(router);

const auth = useAuthStore(pinia);
onSessionExpired(() => {
  if (!auth.handleSessionExpired()) return;
  useNotificationsStore(pinia).disconnect();
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.replace({ name: 'login', query: { redirect: here.fullPath } });
});

document.documentElement.lang = currentLocale();
app.mount('#app');
