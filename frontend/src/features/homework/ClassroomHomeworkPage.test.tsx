import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Homework, Me } from '../../api/types';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { json, mockFetch, type Handler } from '../../test/fetchMock';
import {
  directorOfSchool,
  makeClassroomDetail,
  makeDoneList,
  makeHomework,
  teacherOfCe2,
} from '../../test/homeworkFixtures';
import { renderApp } from '../../test/render';
import { page } from '../../test/timetableFixtures';

const NOW = new Date('2026-11-30T15:00:00Z');

const maths = makeHomework({ id: 601, subject: 'mathematiques', due_date: '2026-12-01', estimated_minutes: 20 });
const reading = makeHomework({
  id: 602,
  subject: 'francais',
  due_date: '2026-12-01',
  estimated_minutes: 15,
  audience: 'pupils',
  pupils: [{ id: 101, first_name: 'Léa', last_name: 'Martin' }],
  instructions_html: '<p>Relire la poésie.</p>',
});
const science = makeHomework({
  id: 603,
  subject: 'questionner_le_monde',
  due_date: '2026-12-03',
  status: 'withdrawn',
  instructions_html: '<p>Observer la Lune.</p>',
});

function mockClassroomHomework(me: Me, routes: Record<string, Handler> = {}, homework: () => Homework[] = () => [maths, reading, science]) {
  let doneForMaths = [101];
  const mocks = mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/schools/classrooms/7/': () => json(200, makeClassroomDetail()),
    'GET /api/v1/homework/classrooms/7/homework/': () => json(200, page(homework())),
    'GET /api/v1/homework/classrooms/7/workload/': () =>
      json(200, [
        { date: '2026-12-01', count: 2, minutes: 35 },
        { date: '2026-12-04', count: 1, minutes: 10 },
      ]),
    // Every board of the week in one call, as many as the homework listed.
    'GET /api/v1/homework/classrooms/7/done/': () =>
      json(
        200,
        [
          makeDoneList(601, doneForMaths),
          { ...makeDoneList(602, []), pupil_count: 1, pupils: [makeDoneList(602).pupils[0]] },
          makeDoneList(603, []),
        ].filter((board) => homework().some((item) => item.id === board.homework_id)),
      ),
    ...routes,
  });
  return { ...mocks, setDone: (ids: number[]) => (doneForMaths = ids) };
}

describe('ClassroomHomeworkPage (Devoirs de la classe)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists the homework by due date with who has done it, and the week’s workload', async () => {
    const { requests } = mockClassroomHomework(teacherOfCe2);
    const { user } = renderApp('/classes/7/devoirs?semaine=2026-11-30');

    expect(await screen.findByRole('heading', { level: 1, name: 'Devoirs de la classe : CE2 B' })).toBeInTheDocument();
    const tuesday = await screen.findByRole('region', { name: 'Pour mardi 1er décembre' });
    const mathsCard = within(within(tuesday).getByRole('article', { name: 'Mathématiques' }));
    expect(mathsCard.getByText('Toute la classe')).toBeInTheDocument();
    const count = await mathsCard.findByRole('button', { name: 'Fait par 1 / 2' });
    expect(count).toHaveAttribute('aria-expanded', 'false');

    await user.click(count);
    expect(count).toHaveAttribute('aria-expanded', 'true');
    const list = await mathsCard.findByRole('list', { name: 'Élèves et devoir fait' });
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Léa Martin : fait',
      'Zoé Petit : pas encore',
    ]);

    const readingCard = within(within(tuesday).getByRole('article', { name: 'Français' }));
    expect(readingCard.getByText('Élèves : Léa Martin')).toBeInTheDocument();
    expect(await readingCard.findByRole('button', { name: 'Fait par 0 / 1' })).toBeInTheDocument();

    // Withdrawn: said in words, no count, no action.
    const withdrawn = within(screen.getByRole('article', { name: 'Questionner le monde / Sciences' }));
    expect(withdrawn.getByText('Retiré par l’enseignant·e')).toBeInTheDocument();
    expect(withdrawn.queryByRole('button')).not.toBeInTheDocument();

    const workload = within(screen.getByRole('table', { name: 'Charge de travail de la semaine' }));
    expect(workload.getAllByRole('row').map((row) => row.textContent)).toEqual([
      'Pour leDevoirsTemps estimé',
      'mardi 1er décembre235 min',
      'vendredi 4 décembre110 min',
    ]);
    // No request per homework: the week's boards come in one call.
    const doneRequests = requests.filter((r) => r.method === 'GET' && r.path.endsWith('/done/'));
    expect(doneRequests.map((r) => r.path)).toEqual(['/api/v1/homework/classrooms/7/done/']);
  });

  it('moves "fait par" live when a pupil ticks (homework.done)', async () => {
    const { setDone } = mockClassroomHomework(teacherOfCe2);
    renderApp('/classes/7/devoirs?semaine=2026-11-30');

    expect(await screen.findByRole('button', { name: 'Fait par 1 / 2' })).toBeInTheDocument();
    const socket = FakeWebSocket.latest();
    expect(socket).toBeDefined();
    act(() => socket?.open());

    setDone([101, 103]);
    act(() => socket?.receive({ type: 'homework.done', homework_id: 601, pupil_id: 103, done: true, done_count: 2, classroom_id: 7 }));

    expect(await screen.findByRole('button', { name: 'Fait par 2 / 2' })).toBeInTheDocument();
  });

  it('shows new homework live (homework.changed)', async () => {
    let items = [maths];
    mockClassroomHomework(teacherOfCe2, {}, () => items);
    renderApp('/classes/7/devoirs?semaine=2026-11-30');

    await screen.findByRole('article', { name: 'Mathématiques' });
    expect(screen.queryByRole('article', { name: 'Français' })).not.toBeInTheDocument();
    act(() => FakeWebSocket.latest()?.open());

    items = [maths, reading];
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'homework.changed',
        change: 'created',
        homework_id: 602,
        classroom_id: 7,
        due_date: '2026-12-01',
      }),
    );
    expect(await screen.findByRole('article', { name: 'Français' })).toBeInTheDocument();
  });

  it('withdraws after a confirmation', async () => {
    const { requestsTo } = mockClassroomHomework(teacherOfCe2, {
      'POST /api/v1/homework/items/601/withdraw/': () => json(200, { ...maths, status: 'withdrawn' }),
    });
    const { user } = renderApp('/classes/7/devoirs?semaine=2026-11-30');

    await user.click(await screen.findByRole('button', { name: 'Retirer : Mathématiques pour mardi' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retirer ce devoir ?' });
    expect(within(dialog).getByText(/Les familles verront « Mathématiques pour mardi » marqué comme retiré/)).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/homework/items/601/withdraw/')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Retirer le devoir' }));

    await waitFor(() => expect(requestsTo('POST', '/api/v1/homework/items/601/withdraw/')).toHaveLength(1));
    expect(await screen.findByText('Devoir retiré.')).toBeInTheDocument();
  });

  it('edits a homework, sending only what changed', async () => {
    const { requestsTo } = mockClassroomHomework(teacherOfCe2, {
      'PATCH /api/v1/homework/items/601/': () => json(200, { ...maths, estimated_minutes: 30 }),
    });
    const { user } = renderApp('/classes/7/devoirs?semaine=2026-11-30');

    await user.click(await screen.findByRole('button', { name: 'Modifier : Mathématiques pour mardi' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Modifier le devoir' }));
    // The saved Markdown is shown formatted, never as raw syntax.
    const instructions = await dialog.findByLabelText(/Consignes/);
    await waitFor(() => expect(instructions).toHaveTextContent('Apprendre la table de 7.'));
    expect(within(instructions).getByText('7').tagName).toBe('STRONG');
    const minutes = dialog.getByLabelText(/Durée estimée/);
    await user.clear(minutes);
    await user.type(minutes, '30');
    await user.click(dialog.getByRole('button', { name: 'Enregistrer' }));

    await waitFor(() => expect(requestsTo('PATCH', '/api/v1/homework/items/601/')).toHaveLength(1));
    expect(JSON.parse(requestsTo('PATCH', '/api/v1/homework/items/601/')[0]?.body ?? '')).toEqual({ estimated_minutes: 30 });
    expect(await screen.findByText('Devoir enregistré.')).toBeInTheDocument();
  });

  it('lets the director read, without any action', async () => {
    mockClassroomHomework(directorOfSchool);
    renderApp('/classes/7/devoirs?semaine=2026-11-30');

    expect(await screen.findByRole('button', { name: 'Fait par 1 / 2' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ajouter un devoir' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Modifier/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Retirer/ })).not.toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockClassroomHomework(teacherOfCe2);
    const { user } = renderApp('/classes/7/devoirs?semaine=2026-11-30');
    await user.click(await screen.findByRole('button', { name: 'Fait par 1 / 2' }));

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
