import { useI18n } from 'vue-i18n';
import type { OrgNode } from './api/endpoints';

/**
 * Labels for org node kinds and subkinds. A subkind the messages do not know yet (the server may add one)
 * falls back to the kind's label rather than showing a raw code to the user.
 */
export function useOrgLabels() {
  const { t, te } = useI18n();

  function kindLabel(kind: string): string {
    return te(`org.kind.${kind}`) ? t(`org.kind.${kind}`) : kind;
  }

  function subkindLabel(subkind: string | null | undefined): string | null {
    if (!subkind) return null;
    return te(`org.subkind.${subkind}`) ? t(`org.subkind.${subkind}`) : subkind;
  }

  /** What a person would call the node: 嘎查 rather than 社区, 苏木 rather than 镇街. */
  function typeLabel(node: Pick<OrgNode, 'kind' | 'subkind'>): string {
    if (node.subkind && te(`org.subkind.${node.subkind}`)) return t(`org.subkind.${node.subkind}`);
    return kindLabel(node.kind);
  }

  return { kindLabel, subkindLabel, typeLabel };
}
