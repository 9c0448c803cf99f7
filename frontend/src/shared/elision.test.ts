import { describe, expect, it } from 'vitest';

import { elide, takesElision } from './elision';
import { i18n, setupI18n } from './i18n';

describe('elide', () => {
  it('elides "de" before a vowel, an accented vowel or an H, not before a consonant or Y + vowel', () => {
    expect(elide('de', 'Axel')).toBe('d’Axel');
    expect(elide('de', 'Émile')).toBe('d’Émile');
    expect(elide('de', 'Hugo')).toBe('d’Hugo');
    expect(elide('de', 'Inès')).toBe('d’Inès');
    expect(elide('de', 'Yanis')).toBe('de Yanis');
    expect(elide('de', 'Léa')).toBe('de Léa');
    expect(elide('de', 'Yves')).toBe('d’Yves');
    expect(elide('de', 'CE1 A')).toBe('de CE1 A');
    expect(elide('de', 'octobre 2026')).toBe('d’octobre 2026');
  });

  it('elides le, la and que the same way', () => {
    expect(elide('le', 'école')).toBe('l’école');
    expect(elide('la', 'heure')).toBe('l’heure');
    expect(elide('le', 'cahier')).toBe('le cahier');
    expect(elide('que', 'Inès')).toBe('qu’Inès');
    expect(elide('que', 'Yanis')).toBe('que Yanis');
  });

  it('leaves an empty name alone', () => {
    expect(takesElision('')).toBe(false);
    expect(elide('de', '')).toBe('de ');
  });
});

describe('French strings with a name', () => {
  it('write "d’Axel" and "de Léa" through the {{name, de}} formatter; English is untouched', async () => {
    setupI18n('fr');
    await i18n.changeLanguage('fr');
    expect(i18n.t('livret.bilans.bilanOf', { name: 'Axel' })).toMatch(/d’Axel$/);
    expect(i18n.t('livret.bilans.bilanOf', { name: 'Léa' })).toMatch(/de Léa$/);
    expect(i18n.t('attendance.queue.acceptOf', { name: 'Émile Roy' })).toBe('Accepter la justification d’Émile Roy');
    expect(i18n.t('messaging.composer.childOf.mere', { name: 'Hugo' })).toBe('mère d’Hugo');
    await i18n.changeLanguage('en');
    expect(i18n.t('attendance.queue.acceptOf', { name: 'Émile Roy' })).not.toContain('’É');
    await i18n.changeLanguage('fr');
  });
});
