import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { AuthorityScope, Child, Classroom, Me, Role, School } from '../../api/types';
import { LessonsForFamiliesSwitch } from '../homework/SchoolHomeworkSettings';
import { DigestSettings } from '../notifications/DigestSettings';
import { DIGEST_ANCHOR } from '../notifications/paths';
import { PushSettings } from '../notifications/PushSettings';
import { useCurrentUser } from '../../shared/currentUser';
import { usePageTitle } from '../../shared/usePageTitle';
import { ExportDataButton } from './ExportDataButton';
import { InvitationLettersButton } from './InvitationLettersButton';
import { MySessions } from './MySessions';
import { PasskeysPanel } from './Passkeys';
import { SECOND_FACTOR_ROLES, SecondFactorPanel } from './SecondFactor';

/** "Mon espace": who I am, my roles, and what I'm attached to. */
export function MePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  usePageTitle(t('me.title'));

  const directedSchools = me.schools.filter((school) => school.role === 'director');
  const isEmpty =
    me.children.length === 0 &&
    me.classrooms.length === 0 &&
    me.schools.length === 0 &&
    me.authority_scopes.length === 0;

  return (
    <Stack gap="xl" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{t('me.title')}</Title>
        <Text size="lg">{t('me.greeting', { name: displayName(me) })}</Text>
      </Stack>

      <Section id="roles" title={t('me.roles')} titleOrder={2}>
        {me.roles.length > 0 ? (
          <Group gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {me.roles.map((role) => (
              <li key={role}>
                <Badge size="lg" variant="filled" color="blue.9" tt="none">
                  {t(`roles.${role}`)}
                </Badge>
              </li>
            ))}
          </Group>
        ) : (
          <Text>{t('me.noRole')}</Text>
        )}
      </Section>

      {me.children.length > 0 && (
        <Section id="children" title={t('me.children')}>
          <CardList items={me.children} render={(child) => <ChildCard child={child} />} />
        </Section>
      )}

      {me.classrooms.length > 0 && (
        <Section id="classrooms" title={t('me.classrooms')}>
          <CardList items={me.classrooms} render={(classroom) => <ClassroomCard classroom={classroom} />} />
        </Section>
      )}

      {me.schools.length > 0 && (
        <Section id="schools" title={t('me.schools')}>
          <CardList items={me.schools} render={(school) => <SchoolCard school={school} />} />
        </Section>
      )}

      {me.authority_scopes.length > 0 && (
        <Section id="scopes" title={t('me.scopes')}>
          <CardList
            items={me.authority_scopes.map((scope, index) => ({ ...scope, id: `${scope.role}-${index}` }))}
            render={(scope) => <ScopeCard scope={scope} />}
          />
        </Section>
      )}

      {isEmpty && <Text>{t('me.empty')}</Text>}

      {directedSchools.length > 0 && (
        <Section id="invitations" title={t('accounts.invitations.title')}>
          <InvitationLettersButton schools={directedSchools} />
        </Section>
      )}

      {directedSchools.length > 0 && (
        <Section id="school-settings" title={t('me.schoolSettings')}>
          {directedSchools.map((school) => (
            <LessonsForFamiliesSwitch key={school.id} schoolId={school.id} schoolName={school.name} />
          ))}
        </Section>
      )}

      {!isAuthorityOnly(me) && (
        <Section id={DIGEST_ANCHOR} title={t('notifications.digest.title')}>
          <DigestSettings />
        </Section>
      )}

      {!isAuthorityOnly(me) && (
        <Section id="notifications" title={t('notifications.push.title')}>
          <PushSettings />
        </Section>
      )}

      <Section id="my-data" title={t('accounts.export.title')}>
        <ExportDataButton />
      </Section>

      <Section id="my-sessions" title={t('accounts.sessions.title')}>
        <MySessions />
      </Section>

      {me.roles.some((role) => SECOND_FACTOR_ROLES.includes(role)) && (
        <Section id="second-factor" title={t('accounts.otp.title')}>
          <SecondFactorPanel />
        </Section>
      )}

      {me.roles.some((role) => SECOND_FACTOR_ROLES.includes(role)) && (
        <Section id="passkeys" title={t('accounts.passkeys.title')}>
          <PasskeysPanel />
        </Section>
      )}
    </Stack>
  );
}

const AUTHORITY_ROLES: Role[] = ['commune', 'inspector', 'dasen'];
const SCHOOL_OR_FAMILY_ROLES: Role[] = ['pupil', 'guardian', 'teacher', 'director'];

/** A commune officer, IEN or DASEN with no school or family role: read-only, no digest of their own. */
function isAuthorityOnly(me: Me): boolean {
  return (
    me.roles.some((role) => AUTHORITY_ROLES.includes(role)) &&
    !me.roles.some((role) => SCHOOL_OR_FAMILY_ROLES.includes(role))
  );
}

function displayName(me: Me): string {
  if (me.display_name) return me.display_name;
  if (me.person) return `${me.person.first_name} ${me.person.last_name}`;
  return me.username;
}

function Section({
  id,
  title,
  titleOrder = 2,
  children,
}: {
  id: string;
  title: string;
  titleOrder?: 2 | 3;
  children: ReactNode;
}) {
  const headingId = `section-${id}`;
  return (
    // The id is the section's address (/moi#resume); scrolled to, it clears the fixed header.
    <Stack
      component="section"
      id={id}
      aria-labelledby={headingId}
      gap="sm"
      style={{ scrollMarginTop: 'calc(var(--app-shell-header-offset, 0rem) + var(--mantine-spacing-md))' }}
    >
      <Title order={titleOrder} id={headingId} fz="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function CardList<T extends { id: number | string }>({
  items,
  render,
}: {
  items: readonly T[];
  render: (item: T) => ReactNode;
}) {
  return (
    <SimpleGrid component="ul" cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" m={0} p={0} style={{ listStyle: 'none' }}>
      {items.map((item) => (
        <Card component="li" key={item.id} withBorder padding="md" radius="md">
          {render(item)}
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** Label / value pairs as a description list. */
function Facts({ facts }: { facts: Array<[label: string, value: ReactNode]> }) {
  const { t } = useTranslation();
  return (
    <Stack component="dl" gap={4} m={0}>
      {facts.map(([label, value]) => (
        <Group key={label} gap={6} wrap="nowrap" align="baseline">
          <Text component="dt" size="sm" fw={600}>
            {t('me.fact', { label })}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {value}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function ChildCard({ child }: { child: Child }) {
  const { t } = useTranslation();
  const facts: Array<[string, ReactNode]> = [
    [t('me.classroom'), child.classroom?.name ?? t('me.noClassroom')],
    [t('me.school'), child.school?.name ?? t('me.noSchool')],
  ];
  if (child.level) facts.splice(1, 0, [t('me.level'), child.level]);
  return (
    <Stack gap="xs">
      <Title order={3} fz="lg">
        {child.first_name} {child.last_name}
      </Title>
      <Facts facts={facts} />
    </Stack>
  );
}

function ClassroomCard({ classroom }: { classroom: Classroom }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Title order={3} fz="lg">
        {classroom.name}
      </Title>
      <Facts
        facts={[
          [t('me.levels'), classroom.levels.join(', ')],
          [t('me.school'), classroom.school.name],
          [t('me.schoolYear'), classroom.school_year],
        ]}
      />
    </Stack>
  );
}

function SchoolCard({ school }: { school: School }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Title order={3} fz="lg">
        {school.name}
      </Title>
      <Facts
        facts={[
          [t('me.uai'), school.uai],
          [t('me.commune'), school.commune_name],
          [t('me.roleInSchool'), t(`roles.${school.role}`)],
        ]}
      />
    </Stack>
  );
}

function ScopeCard({ scope }: { scope: AuthorityScope }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text fw={700}>{scope.label}</Text>
      <Text size="sm">{t(`roles.${scope.role}`)}</Text>
    </Stack>
  );
}
