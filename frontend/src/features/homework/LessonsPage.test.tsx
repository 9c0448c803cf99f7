import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Me } from '../../api/types';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import {
  directorOfSchool,
  makeClassroomDetail,
  makeLesson,
  teacherOfCe2,
} from '../../test/homeworkFixtures';
import { renderApp } from '../../test/render';
import { makeClassroomWeek, makeDays, makeOccurrence, page } from '../../test/timetableFixtures';

// Monday 30 November 2026, 16:00 at the school: "today" for the editor.
const NOW = new Date('2026-11-30T15:00:00Z');

const lessons = [
  makeLesson({
    id: 801,
    date: '2026-11-30',
    title: 'Le passé composé',
    attachments: [
      { id: 91, name: 'lecon.pdf', content_type: 'application/pdf', size: 1_400_000, url: '/api/v1/homework/attachments/91/' },
    ],
    homework_ids: [601],
  }),
  makeLesson({
    id: 802,
    date: '2026-12-01',
    subject: 'mathematiques',
    title: 'Les fractions',
    content_html: '<ul><li>partager une pizza</li></ul>',
    author: { id: 51, first_name: 'Marie', last_name: 'Curie' },
  }),
];

const calendar = {
  school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' },
  start: '2026-12-01',
  end: '2026-12-28',
  days: ['2026-12-01', '2026-12-02'].map((date) => ({
    date,
    is_school_day: date === '2026-12-01',
    half_days: date === '2026-12-01' ? ['morning', 'afternoon'] : [],
    off: null,
    occurrences: [],
  })),
};

const week = makeClassroomWeek({
  days: makeDays({
    '2026-11-30': {
      occurrences: [
        makeOccurrence({ slot_id: 11, subject: 'francais' }),
        makeOccurrence({ slot_id: 12, subject: 'recreation', is_teaching: false, start_time: '10:00:00' }),
        makeOccurrence({ slot_id: 13, subject: 'mathematiques', start_time: '10:15:00', end_time: '11:30:00' }),
      ],
    },
  }),
});

type User = ReturnType<typeof renderApp>['user'];

/** Types a whole text at once (user.type, key by key, is slow for long texts). */
async function fill(user: User, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

function mockLessons(me: Me, routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/schools/classrooms/7/': () => json(200, makeClassroomDetail({ levels: ['CE2', 'CM1'] })),
    'GET /api/v1/homework/classrooms/7/lessons/': () => json(200, page(lessons)),
    'GET /api/v1/timetable/schools/3/calendar/': () => json(200, calendar),
    'GET /api/v1/timetable/classrooms/7/week/': () => json(200, week),
    'GET /api/v1/people/pupils/': () =>
      json(
        200,
        page([
          { id: 101, first_name: 'Léa', last_name: 'Martin', birth_date: null, enrolment: null },
          { id: 103, first_name: 'Zoé', last_name: 'Petit', birth_date: null, enrolment: null },
        ]),
      ),
    ...routes,
  });
}

describe('LessonsPage (Cahier de textes)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists the week’s entries by day with their server HTML and files', async () => {
    const { requestsTo } = mockLessons(teacherOfCe2);
    renderApp('/classes/7/cahier-de-textes?semaine=2026-11-30');

    expect(await screen.findByRole('heading', { level: 1, name: 'Cahier de textes : CE2 B' })).toBeInTheDocument();
    const monday = await screen.findByRole('region', { name: 'lundi 30 novembre' });
    const entry = within(within(monday).getByRole('article', { name: 'Le passé composé' }));
    expect(entry.getByText('1er groupe', { selector: 'strong' })).toBeInTheDocument();
    expect(entry.getByRole('link', { name: 'lecon.pdf' })).toHaveAttribute('href', '/api/v1/homework/attachments/91/');
    expect(entry.getByText('(1,4 Mo)')).toBeInTheDocument();
    expect(entry.getByRole('link', { name: 'Travail à faire donné : voir les devoirs de la classe' })).toHaveAttribute(
      'href',
      '/classes/7/devoirs',
    );
    // One's own entries are not signed; a colleague's are.
    expect(entry.queryByText(/Écrit par/)).not.toBeInTheDocument();
    const tuesday = screen.getByRole('region', { name: 'mardi 1er décembre' });
    expect(within(tuesday).getByText('partager une pizza')).toBeInTheDocument();
    expect(within(tuesday).getByText('Écrit par Marie Curie')).toBeInTheDocument();

    const [list] = requestsTo('GET', '/api/v1/homework/classrooms/7/lessons/');
    expect(list).toBeDefined();
  });

  it('gives the teacher the editor, and sends the lesson with its homework in one POST', async () => {
    const saved = makeLesson({ id: 810, title: 'Les fractions', homework_ids: [611] });
    const { requestsTo } = mockLessons(teacherOfCe2, {
      'POST /api/v1/homework/classrooms/7/lessons/': () => json(201, saved),
    });
    const { user } = renderApp('/classes/7/cahier-de-textes');

    const editor = await screen.findByRole('form', { name: 'Nouvelle séance' });
    const form = within(editor);
    expect(form.getByLabelText(/Date de la séance/)).toHaveValue('2026-11-30');
    // Today's lessons of the timetable (no break), to tie the entry to one.
    const slot = form.getByLabelText('Cours de l’emploi du temps');
    await waitFor(() => expect(within(slot).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(slot, within(slot).getByRole('option', { name: /Mathématiques/ }));
    expect(form.getByLabelText(/Matière/)).toHaveValue('mathematiques');

    await fill(user, form.getByLabelText(/Titre/), 'Les fractions');
    await fill(user, await form.findByLabelText('Contenu de la séance'), 'Partager en parts égales.');
    await user.click(form.getByRole('switch', { name: 'Donner du travail à faire' }));
    await fill(user, await form.findByLabelText(/Consignes/), 'Exercices 3 et 4 page 52');
    // The next school day of the school's calendar is proposed.
    await waitFor(() => expect(form.getByLabelText(/Pour le/)).toHaveValue('2026-12-01'));
    await fill(user, form.getByLabelText(/À rapporter/), 'Le fichier de maths');
    await user.click(form.getByRole('radio', { name: 'Certains niveaux' }));
    await user.click(form.getByRole('checkbox', { name: 'CM1' }));
    await user.click(form.getByRole('button', { name: 'Enregistrer la séance' }));

    await waitFor(() => expect(requestsTo('POST', '/api/v1/homework/classrooms/7/lessons/')).toHaveLength(1));
    const [post] = requestsTo('POST', '/api/v1/homework/classrooms/7/lessons/');
    expect(JSON.parse(post?.body ?? '')).toEqual({
      date: '2026-11-30',
      subject: 'mathematiques',
      title: 'Les fractions',
      content: 'Partager en parts égales.',
      slot: 13,
      homework: {
        instructions: 'Exercices 3 et 4 page 52',
        due_date: '2026-12-01',
        estimated_minutes: 15,
        to_bring_back: 'Le fichier de maths',
        audience: 'levels',
        levels: ['CM1'],
      },
    });
    expect(await screen.findByText('Séance et travail à faire enregistrés.')).toBeInTheDocument();
    // Files can now be attached to the saved entry and to its homework.
    expect(screen.getByLabelText(/Joindre un fichier à la séance/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Joindre un fichier au travail à faire/)).toBeInTheDocument();
    // The form is empty again for the next lesson.
    expect(form.getByLabelText(/Titre/)).toHaveValue('');
  });

  it('shows the server’s errors under the nested homework fields', async () => {
    mockLessons(teacherOfCe2, {
      'POST /api/v1/homework/classrooms/7/lessons/': () =>
        apiError(400, 'invalid', 'Le 02/12/2026 n’est pas un jour de classe (Pas de classe).', {
          'homework.due_date': ['Le 02/12/2026 n’est pas un jour de classe (Pas de classe).'],
          'homework.pupils.1': ['Choisissez des élèves inscrits dans la classe.'],
        }),
    });
    const { user } = renderApp('/classes/7/cahier-de-textes');

    const form = within(await screen.findByRole('form', { name: 'Nouvelle séance' }));
    await fill(user, form.getByLabelText(/Titre/), 'Lecture');
    await user.click(form.getByRole('switch', { name: 'Donner du travail à faire' }));
    await fill(user, await form.findByLabelText(/Consignes/), 'Lire la page 12');
    const due = form.getByLabelText(/Pour le/);
    fireEvent.change(due, { target: { value: '2026-12-02' } });
    await user.click(form.getByRole('radio', { name: 'Certains élèves' }));
    await user.type(form.getByLabelText(/Élèves concernés/, { selector: 'input' }), 'Lé');
    // jsdom has no layout: floating-ui thinks the input is off screen and hides the list.
    await user.click(await screen.findByRole('option', { name: 'Léa Martin', hidden: true }));
    await user.click(form.getByRole('button', { name: 'Enregistrer la séance' }));

    await waitFor(() => expect(form.getByLabelText(/Pour le/)).toBeInvalid());
    expect(form.getByLabelText(/Pour le/)).toHaveAccessibleDescription(
      expect.stringContaining('Le 02/12/2026 n’est pas un jour de classe (Pas de classe).'),
    );
    expect(form.getByLabelText(/Élèves concernés/, { selector: 'input' })).toHaveAccessibleDescription(
      expect.stringContaining('Choisissez des élèves inscrits dans la classe.'),
    );
    expect(form.getByRole('alert')).toHaveTextContent('Le 02/12/2026 n’est pas un jour de classe');
    // The lesson's own fields are fine.
    expect(form.getByLabelText(/Titre/)).not.toBeInvalid();
  });

  it('asks for the missing fields before sending', async () => {
    const { requestsTo } = mockLessons(teacherOfCe2);
    const { user } = renderApp('/classes/7/cahier-de-textes');

    const form = within(await screen.findByRole('form', { name: 'Nouvelle séance' }));
    await user.click(form.getByRole('switch', { name: 'Donner du travail à faire' }));
    await user.click(form.getByRole('button', { name: 'Enregistrer la séance' }));

    expect(form.getByLabelText(/Titre/)).toHaveAccessibleDescription('Champ obligatoire.');
    expect(await form.findByLabelText(/Consignes/)).toHaveAccessibleDescription(expect.stringContaining('Champ obligatoire.'));
    expect(requestsTo('POST', '/api/v1/homework/classrooms/7/lessons/')).toHaveLength(0);
  });

  it('formats the text with the toolbar and sends it as Markdown', { timeout: 15_000 }, async () => {
    const { requestsTo } = mockLessons(teacherOfCe2, {
      'POST /api/v1/homework/classrooms/7/lessons/': () => json(201, makeLesson({ id: 811, title: 'Tables' })),
    });
    const { user } = renderApp('/classes/7/cahier-de-textes');

    const form = within(await screen.findByRole('form', { name: 'Nouvelle séance' }));
    await fill(user, form.getByLabelText(/Titre/), 'Tables');
    const content = await form.findByLabelText('Contenu de la séance');
    expect(content).toHaveAccessibleDescription(expect.stringContaining('Ctrl+B gras'));
    const toolbar = within(form.getByRole('toolbar', { name: 'Mise en forme' }));
    await fill(user, content, 'Apprendre la table de ');
    const bold = toolbar.getByRole('button', { name: 'Gras' });
    await user.click(bold);
    await user.keyboard('7');
    expect(bold).toHaveAttribute('aria-pressed', 'true');
    expect(within(content).getByText('7').tagName).toBe('STRONG');
    await user.click(form.getByRole('button', { name: 'Enregistrer la séance' }));

    await waitFor(() => expect(requestsTo('POST', '/api/v1/homework/classrooms/7/lessons/')).toHaveLength(1));
    const [post] = requestsTo('POST', '/api/v1/homework/classrooms/7/lessons/');
    expect(JSON.parse(post?.body ?? '').content).toBe('Apprendre la table de **7**');
  });

  it('shows the server’s message when a file is refused', async () => {
    const { requestsTo } = mockLessons(teacherOfCe2, {
      'POST /api/v1/homework/lessons/801/attachments/': () =>
        apiError(400, 'invalid', 'Type de fichier refusé (exécutable).', { file: ['Type de fichier refusé (exécutable).'] }),
    });
    const { user } = renderApp('/classes/7/cahier-de-textes?semaine=2026-11-30');

    await user.click(await screen.findByRole('button', { name: 'Joindre un fichier à « Le passé composé »' }));
    const article = screen.getByRole('article', { name: 'Le passé composé' });
    const input = article.querySelector('input[type=file]');
    expect(input).not.toBeNull();
    await user.upload(input as HTMLInputElement, new File(['MZ'], 'jeu.exe', { type: 'application/octet-stream' }));

    expect(await screen.findByText('Le fichier n’a pas été joint : Type de fichier refusé (exécutable).')).toBeInTheDocument();
    const [upload] = requestsTo('POST', '/api/v1/homework/lessons/801/attachments/');
    expect(upload?.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.body).toContain('name="file"');
  });

  it('lets the director read every entry, without the editor', async () => {
    mockLessons(directorOfSchool);
    renderApp('/classes/7/cahier-de-textes?semaine=2026-11-30');

    expect(await screen.findByRole('heading', { level: 1, name: 'Cahier de textes : CE2 B' })).toBeInTheDocument();
    expect(await screen.findByRole('article', { name: 'Les fractions' })).toBeInTheDocument();
    expect(
      screen.getByText('Lecture seule : seul·es les enseignant·es de la classe écrivent dans son cahier de textes.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Nouvelle séance' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Joindre un fichier/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Retour aux classes de l’école' })).toHaveAttribute('href', '/emplois-du-temps');
  });

  it('has no serious or critical axe-core violations (editor open)', async () => {
    mockLessons(teacherOfCe2);
    const { user } = renderApp('/classes/7/cahier-de-textes?semaine=2026-11-30');
    const form = within(await screen.findByRole('form', { name: 'Nouvelle séance' }));
    await screen.findByRole('article', { name: 'Les fractions' });
    await user.click(form.getByRole('switch', { name: 'Donner du travail à faire' }));
    await user.click(form.getByRole('radio', { name: 'Certains élèves' }));
    // Both writing areas (the lesson's, the homework's) with their toolbars.
    await waitFor(() => expect(form.getAllByRole('toolbar', { name: 'Mise en forme' })).toHaveLength(2));

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
