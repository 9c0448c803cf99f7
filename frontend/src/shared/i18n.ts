import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { elide, ELISION_FORMATTERS } from './elision';

export const SUPPORTED_LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';
export const LANGUAGE_STORAGE_KEY = 'preau.language';

export const resources = {
  fr: { translation: fr },
  // `satisfies` makes the build fail when a French key is missing in English.
  en: { translation: en satisfies typeof fr },
} as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

function readStoredLanguage(): Language | null {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null; // storage disabled (private mode, policies…)
  }
}

/**
 * Uses the language saved on the account (Me.language) unless the user already
 * picked one on this device with the FR/EN switch.
 */
export async function adoptAccountLanguage(language: unknown): Promise<void> {
  if (readStoredLanguage() === null && isLanguage(language) && language !== i18n.language) {
    await i18n.changeLanguage(language);
  }
}

function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Ignore: the choice simply won't survive a reload.
  }
}

function syncDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** Initialises i18next once (French unless the user chose otherwise). */
export function setupI18n(language: Language = readStoredLanguage() ?? DEFAULT_LANGUAGE) {
  if (!i18n.isInitialized) {
    i18n.on('languageChanged', syncDocumentLanguage);
    void i18n.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...SUPPORTED_LANGUAGES],
      interpolation: { escapeValue: false }, // React already escapes
      initAsync: false,
      returnNull: false,
    });
    // "{{name, de}}" in French strings: "d’Axel", "de Léa" (./elision.ts).
    for (const particle of ELISION_FORMATTERS) {
      i18n.services.formatter?.add(particle, (value: unknown) => elide(particle, String(value ?? '')));
    }
  } else if (i18n.language !== language) {
    void i18n.changeLanguage(language);
  }
  syncDocumentLanguage(i18n.language);
  return i18n;
}

/** Switches language, remembers the choice and updates <html lang>. */
export async function changeLanguage(language: Language): Promise<void> {
  storeLanguage(language);
  await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

export { i18n };
