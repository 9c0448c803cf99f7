import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';

import type { ChildHomework } from '../../api/types';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import { makeChildHomework, makeHomework } from '../../test/homeworkFixtures';
import { TEACHER } from '../../test/timetableFixtures';
import { renderApp } from '../../test/render';
import { makeClassroom } from '../../test/timetableFixtures';

const maths = makeHomework({
  id: 601,
  subject: 'mathematiques',
  due_date: '2026-12-01',
  to_bring_back: 'Le cahier du jour signé',
  attachments: [
    { id: 71, name: 'table-de-7.pdf', content_type: 'application/pdf', size: 48_000, url: '/api/v1/homework/attachments/71/' },
  ],
});
const french = makeHomework({
  id: 602,
  subject: 'francais',
  due_date: '2026-12-01',
  instructions: 'Lire <script>alert(1)</script> la page 12',
  instructions_html: '<p>Lire la page <em>12</em></p>',
  estimated_minutes: 1,
});
const science = makeHomework({
  id: 603,
  subject: 'questionner_le_monde',
  due_date: '2026-12-03',
  instructions_html: '<p>Observer la Lune ce soir.</p>',
  status: 'withdrawn',
});
const drawing = makeHomework({
  id: 604,
  classroom_id: 8,
  subject: 'arts_plastiques',
  due_date: '2026-12-04',
  instructions_html: '<p>Apporter une boîte à chaussures.</p>',
});

function children(): ChildHomework[] {
  return [
    makeChildHomework({
      items: [
        { homework: maths, done: false },
        { homework: french, done: true },
        { homework: science, done: false },
      ],
    }),
    makeChildHomework({
      pupil: { id: 102, first_name: 'Hugo', last_name: 'Martin' },
      classroom: makeClassroom({ id: 8, name: 'CP A', levels: ['CP'] }),
      level: 'CP',
      items: [{ homework: drawing, done: false }],
    }),
  ];
}

function mockHomework(routes: Record<string, Handler> = {}) {
  const ranges: string[] = [];
  const mocks = mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/homework/children/': (request) => {
      const query = new URL(request.url).searchParams;
      ranges.push(`${query.get('start')}/${query.get('end')}`);
      return json(200, children());
    },
    ...routes,
  });
  return { ...mocks, ranges };
}

function dueDay(name: string) {
  return screen.getByRole('region', { name });
}

function card(region: HTMLElement, subject: string) {
  return within(region).getByRole('article', { name: subject });
}

describe('HomeworkPage (Devoirs)', () => {
  it('groups the week by due day, for each child, in one call', async () => {
    const { ranges } = mockHomework();
    const { user } = renderApp('/devoirs?semaine=2026-12-02');

    expect(await screen.findByRole('heading', { level: 1, name: 'Devoirs' })).toBeInTheDocument();
    expect(document.title).toBe('Devoirs · Préau');
    expect(await screen.findByRole('heading', { name: 'Semaine du lundi 30 novembre au vendredi 4 décembre' })).toBeInTheDocument();
    expect(ranges).toEqual(['2026-11-30/2026-12-06']);

    const switcher = screen.getByRole('radiogroup', { name: 'Enfant affiché' });
    expect(within(switcher).getByRole('radio', { name: 'Léa' })).toBeChecked();
    expect(screen.getByText(/CE2 B · École Jules Ferry/)).toBeInTheDocument();

    const tuesday = dueDay('Pour mardi 1er décembre');
    expect(within(tuesday).getAllByRole('article')).toHaveLength(2);
    expect(card(tuesday, 'Mathématiques')).toBeInTheDocument();
    expect(card(tuesday, 'Français')).toBeInTheDocument();
    expect(card(dueDay('Pour jeudi 3 décembre'), 'Questionner le monde / Sciences')).toBeInTheDocument();
    // Days in order.
    const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(['Pour mardi 1er décembre', 'Pour jeudi 3 décembre']);
    expect(screen.queryByText('Arts plastiques')).not.toBeInTheDocument();

    await user.click(within(switcher).getByText('Hugo'));

    expect(await screen.findByRole('region', { name: 'Pour vendredi 4 décembre' })).toBeInTheDocument();
    expect(card(dueDay('Pour vendredi 4 décembre'), 'Arts plastiques')).toBeInTheDocument();
    expect(screen.getByText(/CP A · École Jules Ferry/)).toBeInTheDocument();
    expect(screen.queryByText('Mathématiques')).not.toBeInTheDocument();
    expect(ranges).toEqual(['2026-11-30/2026-12-06']);
  });

  it('shows the server’s sanitised HTML, the time, what to bring back and the attachments', async () => {
    mockHomework();
    renderApp('/devoirs?semaine=2026-11-30');

    const tuesday = await screen.findByRole('region', { name: 'Pour mardi 1er décembre' });
    const mathsCard = within(card(tuesday, 'Mathématiques'));
    expect(mathsCard.getByText('7', { selector: 'strong' })).toBeInTheDocument();
    expect(mathsCard.queryByText(/\*\*7\*\*/)).not.toBeInTheDocument(); // never the raw Markdown
    expect(mathsCard.getByText('Environ 20 minutes')).toBeInTheDocument();
    expect(mathsCard.getByText('À rapporter : Le cahier du jour signé')).toBeInTheDocument();
    const link = mathsCard.getByRole('link', { name: 'table-de-7.pdf' });
    expect(link).toHaveAttribute('href', '/api/v1/homework/attachments/71/');
    expect(mathsCard.getByText('(48 ko)')).toBeInTheDocument();

    const frenchCard = within(card(tuesday, 'Français'));
    expect(frenchCard.getByText('Environ 1 minute')).toBeInTheDocument();
    expect(frenchCard.getByText('12', { selector: 'em' })).toBeInTheDocument();
    expect(document.querySelector('script')).toBeNull();
    expect(frenchCard.queryByText(/alert/)).not.toBeInTheDocument();
  });

  it('shows withdrawn homework struck through and in words, without a checkbox', async () => {
    mockHomework();
    renderApp('/devoirs?semaine=2026-11-30');

    const thursday = await screen.findByRole('region', { name: 'Pour jeudi 3 décembre' });
    const withdrawn = within(card(thursday, 'Questionner le monde / Sciences'));
    expect(withdrawn.getByText('Retiré par l’enseignant·e')).toBeInTheDocument();
    expect(withdrawn.getByText('Ce travail n’est plus à faire.')).toBeInTheDocument();
    expect(withdrawn.getByRole('heading', { name: 'Questionner le monde / Sciences' })).toHaveStyle({
      textDecoration: 'line-through',
    });
    expect(withdrawn.getByText('Observer la Lune ce soir.').parentElement).toHaveStyle({ textDecoration: 'line-through' });
    expect(withdrawn.queryByRole('checkbox')).not.toBeInTheDocument();
    // Active homework is not struck through.
    expect(screen.getByRole('heading', { name: 'Mathématiques' })).not.toHaveStyle({ textDecoration: 'line-through' });
  });

  it('ticks "Fait" at once with the PUT for the right pupil, and unticks it when the server refuses', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { requestsTo } = mockHomework({
      'PUT /api/v1/homework/items/601/done/': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    const { user } = renderApp('/devoirs?semaine=2026-11-30');

    const box = await screen.findByRole('checkbox', { name: 'Marquer « Mathématiques pour mardi » comme fait' });
    expect(box).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Marquer « Français pour mardi » comme fait' })).toBeChecked();

    await user.click(box);

    // Optimistic: checked before the server answers.
    await waitFor(() => expect(box).toBeChecked());
    await waitFor(() => expect(requestsTo('PUT', '/api/v1/homework/items/601/done/')).toHaveLength(1));
    const [put] = requestsTo('PUT', '/api/v1/homework/items/601/done/');
    expect(JSON.parse(put?.body ?? '')).toEqual({ pupil: 101, done: true });
    expect(put?.headers.get('X-CSRFToken')).toBe('token');

    answer(apiError(400, 'invalid', 'Ce devoir ne concerne pas cet·te élève.', { pupil: ['Ce devoir ne concerne pas cet·te élève.'] }));

    await waitFor(() => expect(box).not.toBeChecked());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'La case n’a pas pu être enregistrée : Ce devoir ne concerne pas cet·te élève.',
    );
  });

  it('ticks for the child shown: Hugo’s homework sends Hugo’s id', async () => {
    const { requestsTo } = mockHomework({
      'PUT /api/v1/homework/items/604/done/': () => json(200, { homework_id: 604, pupil: 102, done: true, done_count: 1 }),
    });
    const { user } = renderApp('/devoirs?semaine=2026-11-30&enfant=102');

    await user.click(await screen.findByRole('checkbox', { name: 'Marquer « Arts plastiques pour vendredi » comme fait' }));
    await waitFor(() => expect(requestsTo('PUT', '/api/v1/homework/items/604/done/')).toHaveLength(1));
    expect(JSON.parse(requestsTo('PUT', '/api/v1/homework/items/604/done/')[0]?.body ?? '')).toEqual({
      pupil: 102,
      done: true,
    });
  });

  it('opens on the week of tomorrow: on Friday, the coming week', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-04T17:00:00Z')); // Friday 4 December, 18:00 in Paris
    try {
      const { ranges } = mockHomework();
      renderApp('/devoirs');
      expect(await screen.findByRole('heading', { name: 'Semaine du lundi 7 décembre au vendredi 11 décembre' })).toBeInTheDocument();
      expect(ranges).toEqual(['2026-12-07/2026-12-13']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when there is nothing this week', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/homework/children/': () => json(200, [makeChildHomework()]),
    });
    renderApp('/devoirs?semaine=2026-11-30');
    expect(await screen.findByText('Aucun devoir pour cette semaine.')).toBeInTheDocument();
    // A single child: no switcher.
    expect(screen.queryByRole('radiogroup', { name: 'Enfant affiché' })).not.toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockHomework();
    renderApp('/devoirs?semaine=2026-11-30');
    await screen.findByRole('region', { name: 'Pour jeudi 3 décembre' });

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });

  describe('Fait en classe', () => {
    const lessons: ChildHomework['lessons'] = [
      {
        id: 901,
        classroom_id: 7,
        date: '2026-12-01',
        subject: 'francais',
        title: 'Le passé composé',
        content_html: '<p>Les verbes du <strong>1er groupe</strong>.</p>',
        author: TEACHER,
        attachments: [
          { id: 72, name: 'lecon.pdf', content_type: 'application/pdf', size: 12_000, url: '/api/v1/homework/attachments/72/' },
        ],
      },
      {
        id: 900,
        classroom_id: 7,
        date: '2026-11-30',
        subject: 'mathematiques',
        title: 'Les fractions',
        content_html: '<p>Partage en quarts.</p>',
        author: TEACHER,
        attachments: [],
      },
    ];

    function withLessons(child: Partial<ChildHomework>) {
      return mockFetch({
        'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
        'GET /api/v1/homework/children/': () => json(200, [makeChildHomework({ items: [{ homework: maths, done: false }], ...child })]),
      });
    }

    it('shows what was done in class, day by day, with the server’s sanitised text and the files', async () => {
      withLessons({ lessons });
      renderApp('/devoirs?semaine=2026-11-30');

      const done = await screen.findByRole('region', { name: 'Fait en classe' });
      const days = within(done).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
      expect(days).toEqual(['Le lundi 30 novembre', 'Le mardi 1er décembre']);
      const tuesday = within(done).getByRole('region', { name: 'Le mardi 1er décembre' });
      const lesson = within(within(tuesday).getByRole('article', { name: 'Français : Le passé composé' }));
      expect(lesson.getByText('1er groupe', { selector: 'strong' })).toBeInTheDocument();
      expect(lesson.getByText('Noté par Paul Durand')).toBeInTheDocument();
      expect(lesson.getByRole('link', { name: 'lecon.pdf' })).toHaveAttribute('href', '/api/v1/homework/attachments/72/');
      expect(within(done).getByRole('article', { name: 'Mathématiques : Les fractions' })).toBeInTheDocument();
      // The homework stays where it was.
      expect(card(dueDay('Pour mardi 1er décembre'), 'Mathématiques')).toBeInTheDocument();
    });

    it('says when nothing was written yet this week', async () => {
      withLessons({ lessons: [] });
      renderApp('/devoirs?semaine=2026-11-30');

      const done = await screen.findByRole('region', { name: 'Fait en classe' });
      expect(done).toHaveTextContent('Rien n’a encore été noté dans le cahier de textes cette semaine.');
    });

    it('shows no cahier de textes at all when the school holds it back', async () => {
      withLessons({ lessons_shown: false, lessons: [] });
      renderApp('/devoirs?semaine=2026-11-30');

      expect(await screen.findByRole('region', { name: 'Pour mardi 1er décembre' })).toBeInTheDocument();
      expect(screen.queryByRole('region', { name: 'Fait en classe' })).not.toBeInTheDocument();
      expect(screen.queryByText(/cahier de textes/)).not.toBeInTheDocument();
    });

    it('has no serious or critical axe-core violations', async () => {
      withLessons({ lessons });
      renderApp('/devoirs?semaine=2026-11-30');
      await screen.findByRole('region', { name: 'Le mardi 1er décembre' });

      const results = await axe.run(document, { resultTypes: ['violations'] });
      const blocking = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(blocking).toEqual([]);
    });
  });
});
