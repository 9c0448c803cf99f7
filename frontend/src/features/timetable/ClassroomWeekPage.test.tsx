import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { Me } from '../../api/types';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { nbsp } from '../../test/text';
import {
  emptyPage,
  makeClassroomWeek,
  makeDays,
  makeOccurrence,
  page,
  SCHOOL,
} from '../../test/timetableFixtures';

const classroomRef = { id: 7, name: 'CE2 B', levels: ['CE2' as const], school: SCHOOL, school_year: '2026-2027' };

const director: Me = makeMe({
  display_name: 'Anne Directrice',
  roles: ['director'],
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'director' }],
});

const teacher: Me = makeMe({
  display_name: 'Paul Durand',
  roles: ['teacher'],
  classrooms: [classroomRef],
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'teacher' }],
});

const week = makeClassroomWeek({
  days: makeDays({
    '2026-11-30': {
      occurrences: [
        makeOccurrence({ subject: 'francais' }),
        makeOccurrence({
          slot_id: 13,
          subject: 'mathematiques',
          start_time: '10:15:00',
          end_time: '11:30:00',
          status: 'cancelled',
          reason: 'Sortie annulée',
          exception_id: 70,
        }),
      ],
    },
  }),
});

const slot = {
  id: 11,
  classroom_id: 7,
  weekday: 0 as const,
  start_time: '08:30:00',
  end_time: '10:00:00',
  subject: 'francais' as const,
  teacher: null,
  room: '',
  valid_from: '2026-09-01',
  valid_until: null,
};

function mockClassroom(me: Me, extra: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => {
      document.cookie = 'csrftoken=tok-tt; path=/';
      return json(200, { csrf_token: 'tok-tt' });
    },
    'GET /api/v1/timetable/classrooms/7/week/': () => json(200, week),
    'GET /api/v1/timetable/classrooms/7/slots/': () => json(200, page([slot])),
    'GET /api/v1/timetable/schools/3/closures/': () => json(200, emptyPage),
    'GET /api/v1/timetable/schools/3/events/': () => json(200, emptyPage),
    ...extra,
  });
}

const PATH = '/classes/7/emploi-du-temps?semaine=2026-11-30';

describe('ClassroomWeekPage (éditeur)', () => {
  it('shows the editor to the director of the school', async () => {
    mockClassroom(director);
    renderApp(PATH);

    expect(await screen.findByRole('heading', { level: 1, name: 'Emploi du temps : CE2 B' })).toBeInTheDocument();
    const editor = await screen.findByRole('region', { name: 'Modifier l’emploi du temps' });
    expect(within(editor).getByRole('heading', { name: 'Créneaux de la semaine type' })).toBeInTheDocument();
    expect(await within(editor).findByRole('button', { name: nbsp('Modifier le créneau Lundi 8 h 30 – 10 h, Français') })).toBeInTheDocument();
    expect(within(editor).getByRole('region', { name: 'Fermetures de l’école' })).toBeInTheDocument();
    expect(within(editor).getByRole('region', { name: 'Agenda de l’école' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: nbsp('Modifier : Français, lundi 30 novembre, 8 h 30') })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ajouter une activité' })).toBeInTheDocument();
  });

  it('lets a teacher of the class change lessons, without the slot editor', async () => {
    const { requestsTo } = mockClassroom(teacher);
    renderApp(PATH);

    expect(await screen.findByRole('button', { name: nbsp('Modifier : Français, lundi 30 novembre, 8 h 30') })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ajouter une activité' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Modifier l’emploi du temps' })).not.toBeInTheDocument();
    expect(requestsTo('GET', '/api/v1/timetable/classrooms/7/slots/')).toHaveLength(0);
  });

  it('tells the teacher the week’s teaching time, récréations included, against the 24 hours', async () => {
    mockClassroom(teacher);
    renderApp(PATH);

    expect(await screen.findByText('Temps d’enseignement : 24 h par semaine, récréations comprises.')).toBeInTheDocument();
  });

  it('says by how much a timetable falls short of the 24 hours', async () => {
    mockClassroom(director, {
      'GET /api/v1/timetable/classrooms/7/week/': () => json(200, { ...week, weekly_teaching_minutes: 1410 }),
    });
    renderApp(PATH);

    expect(
      await screen.findByText(
        'Temps d’enseignement : 23,5 h par semaine, récréations comprises. 0,5 h de moins que les 24 h réglementaires.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a guardian the week only', async () => {
    mockClassroom(guardianWithTwoChildren);
    renderApp(PATH);

    expect(await screen.findByText('Sortie annulée', { exact: false })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Modifier l’emploi du temps' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Modifier/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ajouter une activité' })).not.toBeInTheDocument();
  });

  it('shows a server validation error under the field it names', async () => {
    const { requestsTo } = mockClassroom(director, {
      'POST /api/v1/timetable/classrooms/7/slots/': () =>
        apiError(400, 'invalid', 'L’école n’a pas classe le mercredi.', {
          weekday: ['L’école n’a pas classe le mercredi.'],
        }),
    });
    const { user } = renderApp(PATH);

    await user.click(await screen.findByRole('button', { name: 'Ajouter un créneau' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nouveau créneau' });
    await user.selectOptions(within(dialog).getByLabelText('Jour'), 'Mercredi');
    await user.selectOptions(within(dialog).getByLabelText('Matière'), 'EMC');
    await user.type(within(dialog).getByLabelText('Salle (facultatif)'), 'B12');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    await waitFor(() =>
      expect(within(dialog).getByLabelText('Jour')).toHaveAccessibleDescription('L’école n’a pas classe le mercredi.'),
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent('L’école n’a pas classe le mercredi.');
    const [post] = requestsTo('POST', '/api/v1/timetable/classrooms/7/slots/');
    expect(post?.headers.get('X-CSRFToken')).toBe('tok-tt');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      weekday: 2,
      start_time: '08:30',
      end_time: '10:00',
      subject: 'emc',
      room: 'B12',
      valid_until: null,
    });
  });

  it('cancels a lesson with a reason, then refreshes the week', async () => {
    const { requestsTo } = mockClassroom(director, {
      'POST /api/v1/timetable/classrooms/7/exceptions/': () => json(201, { id: 99 }),
    });
    const { user } = renderApp(PATH);

    await user.click(await screen.findByRole('button', { name: nbsp('Modifier : Français, lundi 30 novembre, 8 h 30') }));
    await user.click(await screen.findByRole('menuitem', { name: 'Annuler ce cours' }));
    const dialog = await screen.findByRole('dialog', { name: 'Annuler ce cours' });
    expect(within(dialog).getByText('Français, lundi 30 novembre, 8 h 30 – 10 h')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Motif (visible par les familles)'), 'Enseignant absent');
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer l’annulation' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Modification enregistrée.')).toBeInTheDocument();
    const [post] = requestsTo('POST', '/api/v1/timetable/classrooms/7/exceptions/');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      kind: 'cancelled',
      slot: 11,
      date: '2026-11-30',
      reason: 'Enseignant absent',
    });
    await waitFor(() => expect(requestsTo('GET', '/api/v1/timetable/classrooms/7/week/')).toHaveLength(2));
  });

  it('restores a cancelled lesson, and shows the 403 message when not allowed', async () => {
    const { requestsTo } = mockClassroom(teacher, {
      'DELETE /api/v1/timetable/exceptions/70/': () =>
        apiError(403, 'permission_denied', 'Vous ne pouvez pas modifier l’emploi du temps de cette classe.'),
    });
    const { user } = renderApp(PATH);

    await user.click(await screen.findByRole('button', { name: nbsp('Modifier : Mathématiques, lundi 30 novembre, 10 h 15') }));
    await user.click(await screen.findByRole('menuitem', { name: 'Rétablir' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Vous ne pouvez pas modifier l’emploi du temps de cette classe.',
    );
    expect(requestsTo('DELETE', '/api/v1/timetable/exceptions/70/')).toHaveLength(1);
  });

  it('adds an extra activity (sortie) with its times', async () => {
    const { requestsTo } = mockClassroom(teacher, {
      'POST /api/v1/timetable/classrooms/7/exceptions/': () =>
        apiError(400, 'invalid', 'Pas de classe le 02/12/2026 (Pas de classe).', {
          date: ['Pas de classe le 02/12/2026 (Pas de classe).'],
        }),
    });
    const { user } = renderApp(PATH);

    await user.click(await screen.findByRole('button', { name: 'Ajouter une activité' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ajouter une activité' });
    await user.type(within(dialog).getByLabelText(/^Titre de l’activité/), 'Piscine municipale');
    await user.selectOptions(within(dialog).getByLabelText('Type d’activité'), 'Piscine');
    const date = within(dialog).getByLabelText(/^Date/);
    await user.clear(date);
    await user.type(date, '2026-12-02');
    await user.type(within(dialog).getByLabelText(/^Heure de début/), '14:00');
    await user.type(within(dialog).getByLabelText(/^Heure de fin/), '15:00');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter l’activité' }));

    await waitFor(() =>
      expect(within(dialog).getByLabelText(/^Date/)).toHaveAccessibleDescription('Pas de classe le 02/12/2026 (Pas de classe).'),
    );
    const [post] = requestsTo('POST', '/api/v1/timetable/classrooms/7/exceptions/');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      kind: 'extra',
      date: '2026-12-02',
      start_time: '14:00',
      end_time: '15:00',
      title: 'Piscine municipale',
      activity: 'piscine',
      location: '',
    });
  });

  it('has no serious or critical axe-core violations (director)', async () => {
    mockClassroom(director);
    renderApp(PATH);
    await screen.findByRole('button', { name: nbsp('Modifier le créneau Lundi 8 h 30 – 10 h, Français') });
    await screen.findByText('Aucune fermeture enregistrée.');

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
