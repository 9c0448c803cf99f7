import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { PublicPageShell } from './PublicPageShell';
import { usePageTitle } from './usePageTitle';

/** Where users write about accessibility: set per deployment (VITE_ACCESSIBILITY_CONTACT). */
export const ACCESSIBILITY_CONTACT: string =
  import.meta.env.VITE_ACCESSIBILITY_CONTACT || 'accessibilite@preau.invalid';

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Title order={2} fz="h3" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** The addresses in a sentence made links (the Défenseur des droits' forms). */
function WithLinks({ text }: { text: string }) {
  const parts = text.split(/(https:\/\/[^\s;]+[^\s;.,])/);
  return (
    <>
      {parts.map((part, index) =>
        part.startsWith('https://') ? (
          <Anchor key={index} href={part} style={{ overflowWrap: 'anywhere' }}>
            {part}
          </Anchor>
        ) : (
          part
        ),
      )}
    </>
  );
}

function Items({ items }: { items: string[] }) {
  return (
    <List spacing="xs">
      {items.map((item) => (
        <List.Item key={item}>
          <WithLinks text={item} />
        </List.Item>
      ))}
    </List>
  );
}

/**
 * "Déclaration d'accessibilité" (loi 2005-102 art. 47, décret 2019-768): public, no
 * sign-in needed, linked from the footer of every page.
 */
export function AccessibilityPage() {
  const { t } = useTranslation();
  const title = t('a11y.statement.title');
  usePageTitle(title);
  const list = (key: 'a11y.statement.nonCompliant' | 'a11y.statement.tests' | 'a11y.statement.recourseWays') =>
    t(key, { returnObjects: true }) as unknown as string[];
  return (
    <PublicPageShell title={title} intro={t('a11y.statement.intro')} width={760}>
      <Stack gap="xl">
        <Section id="conformite" title={t('a11y.statement.statusTitle')}>
          <Text fw={700}>{t('a11y.statement.status')}</Text>
        </Section>
        <Section id="resultats" title={t('a11y.statement.resultsTitle')}>
          <Text>{t('a11y.statement.results')}</Text>
        </Section>
        <Section id="non-conformites" title={t('a11y.statement.nonCompliantTitle')}>
          <Text>{t('a11y.statement.nonCompliantIntro')}</Text>
          <Items items={list('a11y.statement.nonCompliant')} />
          <Title order={3} fz="h4">
            {t('a11y.statement.exemptTitle')}
          </Title>
          <Text>{t('a11y.statement.exempt')}</Text>
        </Section>
        <Section id="etablissement" title={t('a11y.statement.methodTitle')}>
          <Text>{t('a11y.statement.established')}</Text>
          <Title order={3} fz="h4">
            {t('a11y.statement.technologiesTitle')}
          </Title>
          <Text>{t('a11y.statement.technologies')}</Text>
          <Title order={3} fz="h4">
            {t('a11y.statement.testsTitle')}
          </Title>
          <Items items={list('a11y.statement.tests')} />
        </Section>
        <Section id="contact" title={t('a11y.statement.contactTitle')}>
          <Text>{t('a11y.statement.contact')}</Text>
          <List spacing="xs">
            <List.Item>
              {t('a11y.statement.contactEmail')}{' '}
              <Anchor href={`mailto:${ACCESSIBILITY_CONTACT}`} style={{ overflowWrap: 'anywhere' }}>{ACCESSIBILITY_CONTACT}</Anchor>
            </List.Item>
            <List.Item>{t('a11y.statement.contactSchool')}</List.Item>
          </List>
        </Section>
        <Section id="recours" title={t('a11y.statement.recourseTitle')}>
          <Text>{t('a11y.statement.recourse')}</Text>
          <Items items={list('a11y.statement.recourseWays')} />
        </Section>
        <Anchor component={Link} to="/">
          {t('a11y.statement.back')}
        </Anchor>
      </Stack>
    </PublicPageShell>
  );
}
