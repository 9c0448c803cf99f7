import { describe, expect, it } from 'vitest';

import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { changeLanguage, i18n, LANGUAGE_STORAGE_KEY, setupI18n } from './i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n', () => {
  it('has the same keys in French and English', () => {
    expect(keys(en).sort()).toEqual(keys(fr).sort());
  });

  it('defaults to French and keeps <html lang> in sync', async () => {
    expect(i18n.language).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');

    await changeLanguage('en');
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(i18n.t('layout.logout')).toBe('Log out');
  });

  it('restores the stored language', () => {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    setupI18n();
    expect(i18n.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('pluralises the throttling message in French', () => {
    expect(i18n.t('login.throttled', { count: 1 })).toBe('Trop de tentatives, réessayez dans 1 minute');
    expect(i18n.t('login.throttled', { count: 5 })).toBe('Trop de tentatives, réessayez dans 5 minutes');
  });
});
