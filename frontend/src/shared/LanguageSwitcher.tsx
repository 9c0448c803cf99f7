import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { changeLanguage, isLanguage, SUPPORTED_LANGUAGES } from './i18n';

/** FR / EN switch; the choice is kept in localStorage and mirrored in <html lang>. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const value = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'fr';
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={value}
      onChange={(next) => {
        if (isLanguage(next)) void changeLanguage(next);
      }}
      data={SUPPORTED_LANGUAGES.map((language) => ({
        value: language,
        label: (
          <abbr title={t(`language.${language}`)} lang={language} style={{ textDecoration: 'none' }}>
            {language.toUpperCase()}
          </abbr>
        ),
      }))}
    />
  );
}
