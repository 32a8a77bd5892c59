import { createI18n } from 'vue-i18n';
import en from './en';
import zhCN, { type MessageSchema } from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'lianxin.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The remembered choice; Chinese is the primary language, so it is the default even on English browsers. */
export function storedLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(saved) ? saved : 'zh-CN';
  } catch {
    // Private mode or disabled storage: fall back to the default rather than failing to start.
    return 'zh-CN';
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Switch the UI language, remember it, and tell the browser (fonts, screen readers, hyphenation). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not being able to remember the choice is no reason to refuse the switch.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Message key of a language's own name (shown in its own script: 中文, English). */
export function localeLabelKey(locale: Locale): 'locale.zh' | 'locale.en' {
  return locale === 'en' ? 'locale.en' : 'locale.zh';
}

/** Pick the right half of a server-provided {zh, en} label. */
export function localized(text: { zh: string; en: string }, locale: Locale = currentLocale()): string {
  return locale === 'en' ? text.en || text.zh : text.zh || text.en;
}

export type { MessageSchema };
