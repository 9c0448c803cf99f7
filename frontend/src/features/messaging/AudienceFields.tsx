import { Checkbox, Group, MultiSelect, Select, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { AudienceCreate, AudienceScope, Level } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { LEVELS, useAudienceClassrooms, useDirectedSchools } from './audience';

export interface AudienceState {
  school: string | null;
  scope: AudienceScope;
  classrooms: string[];
  levels: string[];
  forGuardians: boolean;
  forPupils: boolean;
  forStaff: boolean;
}

export const EMPTY_AUDIENCE: AudienceState = {
  school: null,
  scope: 'classrooms',
  classrooms: [],
  levels: [],
  forGuardians: true,
  forPupils: false,
  forStaff: false,
};

/** The API's audience from the form (the school defaults to the only one the viewer has). */
export function audienceInput(state: AudienceState, fallbackSchool: number | null): AudienceCreate {
  return {
    school: state.school ? Number(state.school) : (fallbackSchool ?? 0),
    scope: state.scope,
    ...(state.scope === 'classrooms' ? { classrooms: state.classrooms.map(Number) } : {}),
    ...(state.scope === 'levels' ? { levels: state.levels as Level[] } : {}),
    for_guardians: state.forGuardians,
    for_pupils: state.forPupils,
    for_staff: state.forStaff,
  };
}

/** Schools the viewer may address: those they direct, then those they teach in. */
export function useAudienceSchools() {
  const me = useCurrentUser();
  const directed = useDirectedSchools();
  const taught = me.classrooms.map((classroom) => classroom.school);
  const all = [...directed.map((s) => ({ id: s.id, name: s.name })), ...taught];
  return all.filter((school, index) => all.findIndex((s) => s.id === school.id) === index);
}

/**
 * Who an announcement or a poll is for: a school, some of its classrooms or levels
 * (a teacher: only their own classrooms), and families / pupils / staff.
 */
export function AudienceFields({
  value,
  onChange,
  error,
}: {
  value: AudienceState;
  onChange: (next: AudienceState) => void;
  error: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const schools = useAudienceSchools();
  const directed = useDirectedSchools();
  const classrooms = useAudienceClassrooms();
  const school = value.school ?? (schools[0] ? String(schools[0].id) : null);
  const directs = directed.some((s) => String(s.id) === school);
  const scopes: AudienceScope[] = directs ? ['school', 'classrooms', 'levels'] : ['classrooms'];
  const set = (patch: Partial<AudienceState>) => onChange({ ...value, school, ...patch });
  return (
    <Stack gap="sm">
      {schools.length > 1 && (
        <Select
          label={t('messaging.audience.school')}
          data={schools.map((s) => ({ value: String(s.id), label: s.name }))}
          value={school}
          onChange={(next) => set({ school: next, classrooms: [] })}
          allowDeselect={false}
          error={error('audience.school')}
        />
      )}
      <Select
        label={t('messaging.audience.scope')}
        data={scopes.map((scope) => ({ value: scope, label: t(`messaging.audience.scopes.${scope}`) }))}
        value={scopes.includes(value.scope) ? value.scope : scopes[0]}
        onChange={(next) => next && set({ scope: next as AudienceScope })}
        allowDeselect={false}
        error={error('audience.scope')}
      />
      {(scopes.includes(value.scope) ? value.scope : scopes[0]) === 'classrooms' && (
        <MultiSelect
          label={t('messaging.audience.classrooms')}
          data={classrooms
            .filter((c) => String(c.schoolId) === school)
            .map((c) => ({ value: String(c.id), label: c.name }))}
          value={value.classrooms}
          onChange={(next) => set({ classrooms: next })}
          error={error('audience.classrooms')}
        />
      )}
      {value.scope === 'levels' && directs && (
        <MultiSelect
          label={t('messaging.audience.levels')}
          data={LEVELS.map((level) => ({ value: level, label: level }))}
          value={value.levels}
          onChange={(next) => set({ levels: next })}
          error={error('audience.levels')}
        />
      )}
      <Checkbox.Group label={t('messaging.audience.who')} error={error('audience.for_guardians')}>
        <Group gap="md" mt={4}>
          <Checkbox
            label={t('messaging.audience.guardians')}
            checked={value.forGuardians}
            onChange={(event) => set({ forGuardians: event.currentTarget.checked })}
          />
          <Checkbox
            label={t('messaging.audience.pupils')}
            checked={value.forPupils}
            onChange={(event) => set({ forPupils: event.currentTarget.checked })}
          />
          <Checkbox
            label={t('messaging.audience.staff')}
            checked={value.forStaff}
            onChange={(event) => set({ forStaff: event.currentTarget.checked })}
          />
        </Group>
      </Checkbox.Group>
    </Stack>
  );
}
