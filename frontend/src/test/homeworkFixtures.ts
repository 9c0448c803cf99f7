import type { ChildHomework, ClassroomDetail, Homework, HomeworkDoneList, Lesson, Me } from '../api/types';
import { makeMe } from './fixtures';
import { makeClassroom, SCHOOL, TEACHER } from './timetableFixtures';

let nextId = 500;

export function makeHomework(overrides: Partial<Homework> = {}): Homework {
  nextId += 1;
  return {
    id: nextId,
    classroom_id: 7,
    subject: 'mathematiques',
    instructions: 'Apprendre la table de **7**.',
    instructions_html: '<p>Apprendre la table de <strong>7</strong>.</p>',
    due_date: '2026-12-01',
    estimated_minutes: 20,
    to_bring_back: '',
    audience: 'classroom',
    levels: [],
    pupils: [],
    status: 'active',
    author: TEACHER,
    attachments: [],
    done_count: 0,
    lesson_id: null,
    created_at: '2026-11-27T16:00:00+01:00',
    updated_at: '2026-11-27T16:00:00+01:00',
    ...overrides,
  };
}

export function makeChildHomework(overrides: Partial<ChildHomework> = {}): ChildHomework {
  return {
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    classroom: makeClassroom(),
    level: 'CE2',
    items: [],
    lessons_shown: true,
    lessons: [],
    ...overrides,
  };
}

export function makeLesson(overrides: Partial<Lesson> = {}): Lesson {
  nextId += 1;
  return {
    id: nextId,
    classroom_id: 7,
    date: '2026-11-30',
    slot_id: null,
    subject: 'francais',
    title: 'Le passé composé',
    content: 'Conjugaison des verbes du **1er groupe**.',
    content_html: '<p>Conjugaison des verbes du <strong>1er groupe</strong>.</p>',
    author: TEACHER,
    attachments: [],
    homework_ids: [],
    ...overrides,
  };
}

export function makeClassroomDetail(overrides: Partial<ClassroomDetail> = {}): ClassroomDetail {
  return {
    id: 7,
    name: 'CE2 B',
    levels: ['CE2'],
    school: SCHOOL,
    school_year: '2026-2027',
    teachers: [TEACHER],
    pupil_count: 2,
    suppressed: [],
    ...overrides,
  };
}

export function makeDoneList(homeworkId: number, doneIds: number[] = []): HomeworkDoneList {
  const pupils = [
    { id: 101, first_name: 'Léa', last_name: 'Martin' },
    { id: 103, first_name: 'Zoé', last_name: 'Petit' },
  ];
  return {
    homework_id: homeworkId,
    done_count: doneIds.length,
    pupil_count: pupils.length,
    pupils: pupils.map((pupil) => ({
      pupil,
      done: doneIds.includes(pupil.id),
      marked_at: doneIds.includes(pupil.id) ? '2026-11-30T18:00:00+01:00' : null,
    })),
  };
}

const classroomRef = { id: 7, name: 'CE2 B', levels: ['CE2' as const], school: SCHOOL, school_year: '2026-2027' };

/** Paul Durand teaches CE2 B (person 50, as TEACHER). */
export const teacherOfCe2: Me = makeMe({
  id: 5,
  username: 'paul.durand',
  display_name: 'Paul Durand',
  roles: ['teacher'],
  person: { id: TEACHER.id, first_name: TEACHER.first_name, last_name: TEACHER.last_name },
  classrooms: [classroomRef],
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'teacher' }],
});

export const directorOfSchool: Me = makeMe({
  id: 6,
  username: 'anne.directrice',
  display_name: 'Anne Directrice',
  roles: ['director'],
  person: { id: 60, first_name: 'Anne', last_name: 'Directrice' },
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'director' }],
});
