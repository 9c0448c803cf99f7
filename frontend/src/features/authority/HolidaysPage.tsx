import { Alert, Badge, Button, Group, List, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiError } from '../../api/errors';
import { useCurrentUser } from '../../shared/currentUser';
import { usePageTitle } from '../../shared/usePageTitle';
import { QueryState } from '../../shared/QueryState';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { todayAtSchool } from '../../shared/dates';
import type { HolidayPeriod, ZoneHolidays } from '../../api/types';
import { fetchDepartementHolidays, saveDepartementHolidays } from './holidaysApi';

/** The school year of a date (1 September → 31 August), e.g. "2029-2030". */
export function schoolYearOf(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const first = month >= 9 ? year : year - 1;
  return `${first}-${first + 1}`;
}

function nextSchoolYears(today: string, count = 4): string[] {
  const first = Number(schoolYearOf(today).slice(0, 4));
  return Array.from({ length: count }, (_, index) => `${first + index}-${first + index + 1}`);
}

function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** "Calendrier scolaire": the DASEN enters the zone's holidays of a year the ministry has not published. */
export function HolidaysPage() {
  const { t } = useTranslation();
  usePageTitle(t('authority.holidays.title'));
  const me = useCurrentUser();
  const departementId = me.authority_scopes.find((scope) => scope.role === 'dasen')?.departement_id ?? null;
  const years = nextSchoolYears(todayAtSchool());
  const [schoolYear, setSchoolYear] = useState(years[years.length - 1] ?? schoolYearOf(todayAtSchool()));

  return (
    <Stack gap="lg" maw={900}>
      <Title order={1}>{t('authority.holidays.title')}</Title>
      <Text>{t('authority.holidays.intro')}</Text>
      {departementId === null ? (
        <Text>{t('authority.holidays.noDepartement')}</Text>
      ) : (
        <>
          <NativeSelect
            label={t('authority.holidays.schoolYear')}
            value={schoolYear}
            onChange={(event) => setSchoolYear(event.currentTarget.value)}
            data={years}
            maw={240}
          />
          <DepartementYear departementId={departementId} schoolYear={schoolYear} />
        </>
      )}
    </Stack>
  );
}

function DepartementYear({ departementId, schoolYear }: { departementId: number; schoolYear: string }) {
  const { t } = useTranslation();
  const calendar = useQuery({
    queryKey: ['schools', 'departement-holidays', departementId, schoolYear],
    queryFn: () => fetchDepartementHolidays(departementId, schoolYear),
  });
  if (calendar.data === undefined) return <QueryState query={calendar} />;
  if (calendar.data.zones.length === 0) return <Text>{t('authority.holidays.noZone')}</Text>;
  return (
    <Stack gap="md">
      {calendar.data.zones.map((zone) => (
        <ZoneSection
          key={`${schoolYear}-${zone.zone}-${zone.status}`}
          departementId={departementId}
          schoolYear={schoolYear}
          zone={zone}
        />
      ))}
    </Stack>
  );
}

const EMPTY_PERIOD: HolidayPeriod = { name: '', start_date: '', end_date: '' };

function ZoneSection({
  departementId,
  schoolYear,
  zone,
}: {
  departementId: number;
  schoolYear: string;
  zone: ZoneHolidays;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const headingId = `zone-${zone.zone}-titre`;
  const [periods, setPeriods] = useState<HolidayPeriod[]>(
    zone.holidays.length > 0 ? zone.holidays.map((h) => ({ ...h })) : [{ ...EMPTY_PERIOD }],
  );
  const save = useMutation<unknown, ApiError, HolidayPeriod[]>({
    mutationFn: (body) => saveDepartementHolidays(departementId, { school_year: schoolYear, zone: zone.zone, periods: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['schools', 'departement-holidays'] }),
  });
  const fieldNames = periods.flatMap((_, index) => ['name', 'start_date', 'end_date'].map((f) => `periods.${index}.${f}`));
  const { fieldError, otherMessages } = splitFieldErrors(save.error, fieldNames);
  const update = (index: number, change: Partial<HolidayPeriod>) =>
    setPeriods((current) => current.map((period, i) => (i === index ? { ...period, ...change } : period)));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={2} fz="h3" id={headingId}>
            {t('authority.holidays.zone', { zone: zone.zone })}
          </Title>
          <Badge color={zone.status === 'unknown' ? 'red.9' : 'blue.9'} variant="outline">
            {t(`authority.holidays.status.${zone.status}`)}
          </Badge>
        </Group>
        {zone.notice && (
          <Alert color="red.9" variant="outline" role="status" title={zone.notice.charAt(0).toUpperCase() + zone.notice.slice(1)} />
        )}
        {zone.known_until && (
          <Text size="sm">{t('authority.holidays.knownUntil', { date: formatDate(zone.known_until, i18n.language) })}</Text>
        )}
        {zone.status === 'published' ? (
          <>
            <Text size="sm">{t('authority.holidays.publishedHelp')}</Text>
            <List>
              {zone.holidays.map((holiday) => (
                <List.Item key={`${holiday.name}-${holiday.start_date}`}>
                  {holiday.name} : {formatDate(holiday.start_date, i18n.language)} → {formatDate(holiday.end_date, i18n.language)}
                </List.Item>
              ))}
            </List>
          </>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              save.mutate(periods);
            }}
          >
            <Stack gap="sm">
              {periods.map((period, index) => (
                <fieldset key={index} style={{ border: 'none', margin: 0, padding: 0 }}>
                  <legend>
                    <Text fw={600}>{t('authority.holidays.period', { number: index + 1 })}</Text>
                  </legend>
                  <Group align="flex-end" gap="sm" wrap="wrap">
                    <TextInput
                      label={t('authority.holidays.name')}
                      value={period.name}
                      onChange={(event) => update(index, { name: event.currentTarget.value })}
                      error={fieldError(`periods.${index}.name`)}
                      required
                      maxLength={100}
                      miw={220}
                    />
                    <TextInput
                      type="date"
                      label={t('authority.holidays.start')}
                      value={period.start_date}
                      onChange={(event) => update(index, { start_date: event.currentTarget.value })}
                      error={fieldError(`periods.${index}.start_date`)}
                      required
                    />
                    <TextInput
                      type="date"
                      label={t('authority.holidays.end')}
                      value={period.end_date}
                      onChange={(event) => update(index, { end_date: event.currentTarget.value })}
                      error={fieldError(`periods.${index}.end_date`)}
                      required
                    />
                    {periods.length > 1 && (
                      <Button
                        variant="subtle"
                        color="red.9"
                        onClick={() => setPeriods((current) => current.filter((_, i) => i !== index))}
                      >
                        {t('authority.holidays.removePeriod', { number: index + 1 })}
                      </Button>
                    )}
                  </Group>
                </fieldset>
              ))}
              <Group gap="sm">
                <Button variant="outline" color="blue.9" onClick={() => setPeriods((current) => [...current, { ...EMPTY_PERIOD }])}>
                  {t('authority.holidays.addPeriod')}
                </Button>
                <Button type="submit" color="blue.9" loading={save.isPending}>
                  {t('authority.holidays.save', { zone: zone.zone })}
                </Button>
              </Group>
              <div role="status" aria-live="polite">
                {save.isSuccess && (
                  <Text c="teal.9" fw={600}>
                    {t('authority.holidays.saved')}
                  </Text>
                )}
              </div>
              <FormErrorAlert error={save.error} otherMessages={otherMessages} />
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
