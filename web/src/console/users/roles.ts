import { defineStore } from 'pinia';
import { ref } from 'vue';
import { rolesApi, type RoleDefinition } from '@/shared/api/endpoints';
import { localized } from '@/shared/i18n';

/** The role catalogue from the server (names in both languages, where each role may be held). Loaded once. */
export const useRolesStore = defineStore('roles', () => {
  const items = ref<RoleDefinition[]>([]);
  let pending: Promise<RoleDefinition[]> | null = null;

  function load(): Promise<RoleDefinition[]> {
    if (items.value.length > 0) return Promise.resolve(items.value);
    pending ??= rolesApi
      .list()
      .then((result) => {
        items.value = result.items;
        return result.items;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  function find(role: string): RoleDefinition | undefined {
    return items.value.find((item) => item.role === role);
  }

  /** The role's name in the UI language; the code itself until the catalogue has loaded. */
  function label(role: string): string {
    const def = find(role);
    return def ? localized(def.label) : role;
  }

  return { items, load, find, label };
});
