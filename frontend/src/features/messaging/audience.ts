import { useQueries, useQuery } from '@tanstack/react-query';

import type { Level } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { fetchClassroomPupils, fetchSchoolClassrooms } from './api';

export const LEVELS: readonly Level[] = ['CP', 'CE1', 'CE2', 'CM1', 'CM2'];

export interface AudienceClassroom {
  id: number;
  name: string;
  schoolId: number;
}

/** Schools the viewer directs (who may address a whole school or a level). */
export function useDirectedSchools() {
  const me = useCurrentUser();
  return me.schools.filter((school) => school.role === 'director');
}

/** Whether the viewer writes notes, announcements and polls (teachers and directors). */
export function useIsStaffWriter(): boolean {
  const me = useCurrentUser();
  return me.roles.includes('teacher') || me.roles.includes('director');
}

/**
 * Classrooms the viewer may address: those they teach, and every classroom of the
 * schools they direct (one request per school).
 */
export function useAudienceClassrooms(): AudienceClassroom[] {
  const me = useCurrentUser();
  const directed = useDirectedSchools();
  const queries = useQueries({
    queries: directed.map((school) => ({
      queryKey: ['schools', 'classrooms', school.id] as const,
      queryFn: () => fetchSchoolClassrooms(school.id),
      staleTime: 5 * 60_000,
    })),
  });
  const byId = new Map<number, AudienceClassroom>();
  for (const classroom of me.classrooms) {
    byId.set(classroom.id, { id: classroom.id, name: classroom.name, schoolId: classroom.school.id });
  }
  for (const query of queries) {
    for (const classroom of query.data ?? []) {
      byId.set(classroom.id, { id: classroom.id, name: classroom.name, schoolId: classroom.school.id });
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function useClassroomPupils(classroomId: number | null) {
  return useQuery({
    queryKey: ['people', 'pupils', 'classroom', classroomId ?? 0] as const,
    queryFn: () => fetchClassroomPupils(classroomId ?? 0),
    enabled: classroomId !== null,
    staleTime: 5 * 60_000,
  });
}
