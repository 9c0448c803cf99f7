import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Role } from '../api/types';
import { json, mockFetch } from '../test/fetchMock';
import { makeMe } from '../test/fixtures';
import { renderApp, renderWithProviders } from '../test/render';
import { MainNav } from './MainNav';
import { NAV_ITEMS, navItemsForRoles, type NavItem } from './nav';

const CLASSROOM = { id: 7, name: 'CE2 B' };
const ALL_ROLES: Role[] = ['pupil', 'guardian', 'teacher', 'director', 'commune', 'inspector', 'dasen', 'operator'];

// A config with role-restricted entries, as later features will add.
const config: NavItem[] = [
  { id: 'me', to: '/', labelKey: 'nav.me', audience: 'everyone' },
  { id: 'teaching', to: '/classes', labelKey: 'nav.me', audience: ['teacher', 'director'] },
  { id: 'territory', to: '/territoire', labelKey: 'nav.me', audience: ['inspector', 'dasen'] },
];

describe('navigation config', () => {
  it('filters items by role', () => {
    expect(navItemsForRoles(['guardian'], config).map((i) => i.id)).toEqual(['me']);
    expect(navItemsForRoles(['teacher'], config).map((i) => i.id)).toEqual(['me', 'teaching']);
    expect(navItemsForRoles(['director', 'dasen'], config).map((i) => i.id)).toEqual([
      'me',
      'teaching',
      'territory',
    ]);
    expect(navItemsForRoles([], config).map((i) => i.id)).toEqual(['me']);
  });

  it('gives the home page (« Aujourd’hui ») and "Mon espace" to every role', () => {
    for (const role of ALL_ROLES) {
      expect(navItemsForRoles([role]).map((i) => i.to).slice(0, 2)).toEqual(['/', '/moi']);
    }
  });

  it.each([
    { when: 'closed by the school', open: false, lastMessage: null, shown: false },
    { when: 'opened by the school', open: true, lastMessage: null, shown: true },
    {
      when: 'closed, but a message reached the pupil',
      open: false,
      lastMessage: { conversation_id: 3, author_name: 'Inès Loiseau', body_html: '<p>Bravo</p>', created_at: '2026-11-23T16:00:00+01:00' },
      shown: true,
    },
  ])('shows a pupil the messaging link as the school allows: $when', async ({ open, lastMessage, shown }) => {
    mockFetch({
      'GET /api/v1/today/': () =>
        json(200, {
          date: '2026-11-24',
          roles: ['pupil'],
          unread_messages: 0,
          guardian: null,
          teacher: null,
          director: null,
          pupil: { classroom: null, today: null, next_day: null, homework: [], last_message: lastMessage, may_write_messages: open },
        }),
    });
    renderWithProviders(
      <nav aria-label="test">
        <MainNav roles={['pupil']} />
      </nav>,
    );
    const nav = screen.getByRole('navigation', { name: 'test' });
    await within(nav).findByRole('link', { name: 'Annonces et sondages' });
    if (shown) {
      expect(await within(nav).findByRole('link', { name: 'Messagerie' })).toHaveAttribute('href', '/messagerie');
    } else {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(within(nav).queryByRole('link', { name: 'Messagerie' })).not.toBeInTheDocument();
    }
  });

  it('gives each school role its pages, and authority roles their dashboard and the messaging with directors', () => {
    const paths = (role: Role) => navItemsForRoles([role]).map((i) => i.to);
    expect(paths('guardian')).toEqual([
      '/',
      '/moi',
      '/emploi-du-temps',
      '/devoirs',
      '/livret',
      '/absences',
      '/messagerie',
      '/cahier-de-liaison',
      '/annonces',
      '/calendrier',
    ]);
    expect(paths('pupil')).toEqual(['/', '/moi', '/emploi-du-temps', '/devoirs', '/livret', '/messagerie', '/annonces', '/calendrier']);
    // Without classrooms, a teacher has no cahier de textes link (see below).
    expect(paths('teacher')).toEqual([
      '/',
      '/moi',
      '/ma-journee',
      '/messagerie',
      '/cahier-de-liaison',
      '/annonces',
      '/securite',
      '/calendrier',
    ]);
    expect(paths('director')).toEqual([
      '/',
      '/moi',
      '/messagerie',
      '/cahier-de-liaison',
      '/annonces',
      '/securite',
      '/emplois-du-temps',
      '/direction/appels',
      '/direction/justificatifs',
      '/direction/registre',
      '/direction/absenteisme',
      '/direction/livret',
      '/cartes-de-classe',
      '/rentree/import',
      '/direction/journal',
      '/direction/comptes-relies',
    ]);
    // The commune sees nothing of the livret; the IEN and the DASEN its progress counts, and the
    // count of each school's safety drills.
    expect(paths('commune')).toEqual(['/', '/moi', '/tableau-de-bord', '/messagerie']);
    expect(paths('inspector')).toEqual([
      '/',
      '/moi',
      '/tableau-de-bord',
      '/tableau-de-bord/livret',
      '/securite/exercices',
      '/messagerie',
    ]);
    // The DASEN also enters the département's holidays of a year the ministry has not published.
    expect(paths('dasen')).toEqual([
      '/',
      '/moi',
      '/tableau-de-bord',
      '/tableau-de-bord/livret',
      '/securite/exercices',
      '/calendrier-scolaire',
      '/messagerie',
    ]);
    expect(paths('operator')).toEqual(['/', '/moi', '/direction/journal']);
  });

  it('gives a teacher the cahier de textes, the homework and the class cards of each classroom taught', () => {
    const one = navItemsForRoles(['teacher'], NAV_ITEMS, [CLASSROOM]);
    expect(one.map((i) => [i.to, i.labelKey])).toEqual([
      ['/', 'nav.today'],
      ['/moi', 'nav.me'],
      ['/ma-journee', 'nav.teacherDay'],
      ['/classes/7/appel', 'nav.rollCall'],
      ['/classes/7/cahier-de-textes', 'nav.lessons'],
      ['/classes/7/devoirs', 'nav.classroomHomework'],
      ['/classes/7/evaluations', 'nav.evaluations'],
      ['/classes/7/livret', 'nav.classLivret'],
      ['/classes/7/cartes', 'nav.classCards'],
      ['/messagerie', 'nav.messages'],
      ['/cahier-de-liaison', 'nav.liaisonNotes'],
      ['/annonces', 'nav.announcements'],
      ['/securite', 'nav.safety'],
      ['/calendrier', 'nav.calendarFeeds'],
    ]);
    const two = navItemsForRoles(['teacher'], NAV_ITEMS, [CLASSROOM, { id: 8, name: 'CP A' }]);
    expect(two.filter((i) => i.to.startsWith('/classes/')).map((i) => [i.to, i.labelKey, i.labelValues])).toEqual([
      ['/classes/7/appel', 'nav.rollCallOf', { classroom: 'CE2 B' }],
      ['/classes/8/appel', 'nav.rollCallOf', { classroom: 'CP A' }],
      ['/classes/7/cahier-de-textes', 'nav.lessonsOf', { classroom: 'CE2 B' }],
      ['/classes/8/cahier-de-textes', 'nav.lessonsOf', { classroom: 'CP A' }],
      ['/classes/7/devoirs', 'nav.classroomHomeworkOf', { classroom: 'CE2 B' }],
      ['/classes/8/devoirs', 'nav.classroomHomeworkOf', { classroom: 'CP A' }],
      ['/classes/7/evaluations', 'nav.evaluationsOf', { classroom: 'CE2 B' }],
      ['/classes/8/evaluations', 'nav.evaluationsOf', { classroom: 'CP A' }],
      ['/classes/7/livret', 'nav.classLivretOf', { classroom: 'CE2 B' }],
      ['/classes/8/livret', 'nav.classLivretOf', { classroom: 'CP A' }],
      ['/classes/7/cartes', 'nav.classCardsOf', { classroom: 'CE2 B' }],
      ['/classes/8/cartes', 'nav.classCardsOf', { classroom: 'CP A' }],
    ]);
    // Classrooms only matter to teachers.
    expect(navItemsForRoles(['guardian'], NAV_ITEMS, [CLASSROOM]).some((i) => i.to.startsWith('/classes/'))).toBe(false);
  });

  it('names the classroom in the teacher\'s menu when there are several', () => {
    renderWithProviders(
      <nav aria-label="test">
        <MainNav roles={['teacher']} classrooms={[CLASSROOM, { id: 8, name: 'CP A' }]} />
      </nav>,
    );
    const nav = screen.getByRole('navigation', { name: 'test' });
    expect(within(nav).getByRole('link', { name: 'Cahier de textes · CE2 B' })).toHaveAttribute(
      'href',
      '/classes/7/cahier-de-textes',
    );
    expect(within(nav).getByRole('link', { name: 'Devoirs · CP A' })).toHaveAttribute('href', '/classes/8/devoirs');
  });

  const ALL_PATHS = navItemsForRoles(ALL_ROLES, NAV_ITEMS, [CLASSROOM]).map((item) => [item.to]);

  it.each(ALL_PATHS)('links to an existing page: %s', async (path) => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, makeMe({ roles: ['guardian', 'teacher', 'director'] })),
    });
    renderApp(path);
    expect(await screen.findByRole('heading', { level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Page introuvable' })).not.toBeInTheDocument();
  });

  it('renders only the links the roles allow', () => {
    renderWithProviders(
      <nav aria-label="test">
        <MainNav roles={['teacher']} items={config} />
      </nav>,
    );
    const nav = screen.getByRole('navigation', { name: 'test' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/', '/classes']);
    expect(links[0]).toHaveAccessibleName('Mon espace');
    expect(links[0]).toHaveAttribute('aria-current', 'page');
  });
});
