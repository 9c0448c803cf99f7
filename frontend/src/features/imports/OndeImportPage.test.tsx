import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { FakeXMLHttpRequest } from '../../test/fakeXhr';
import { makeMe } from '../../test/fixtures';
import {
  appliedSummary,
  classroomsAfterImport,
  cleanPreview,
  csvFile,
  importDirector,
  previewWithRejections,
  previewWithWarnings,
} from '../../test/importsFixtures';
import { renderApp } from '../../test/render';

const PREVIEW = 'POST /api/v1/imports/schools/3/onde/preview/';
const APPLY = 'POST /api/v1/imports/schools/3/onde/apply/';
// The page is a lazy chunk: its first render can take a few seconds on a busy machine.
const LAZY_PAGE = { timeout: 20_000 };

beforeEach(() => {
  FakeXMLHttpRequest.reset();
  vi.stubGlobal('XMLHttpRequest', FakeXMLHttpRequest);
});

function routes(extra: Record<string, (request: Request) => Response | Promise<Response>>) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, importDirector),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'tok' }),
    ...extra,
  });
}

async function chooseFilesAndPreview(user: ReturnType<typeof renderApp>['user']) {
  await user.upload(await screen.findByLabelText(/^Export des élèves/, {}, LAZY_PAGE), csvFile('CSVExtraction.csv'));
  await user.upload(screen.getByLabelText(/^Export des responsables/), csvFile('responsables.csv'));
  await user.click(screen.getByRole('button', { name: 'Prévisualiser' }));
}

function tab(name: RegExp) {
  return screen.getByRole('tab', { name });
}

// Several uploads and tab changes per test: more than the default 5 s on a busy machine.
describe('OndeImportPage (Import ONDE)', () => {
  it('sends both files and shows every list of the preview, one tab each', async () => {
    const { requestsTo } = routes({ [PREVIEW]: () => json(200, cleanPreview) });
    const { user } = renderApp('/rentree/import');

    expect(await screen.findByRole('heading', { level: 1, name: 'Import ONDE' }, LAZY_PAGE)).toBeInTheDocument();
    const pupils = screen.getByLabelText(/^Export des élèves/);
    expect(pupils).toHaveAccessibleDescription(/Le fichier CSV des élèves/);
    await chooseFilesAndPreview(user);

    const summary = await screen.findByRole('region', { name: 'Ce que l’import changerait' });
    expect(within(summary).getByText('Rien n’a encore été écrit. Vérifiez chaque onglet, puis appliquez l’import.')).toBeInTheDocument();
    const counts = within(summary).getAllByRole('term').map((term) => `${term.textContent} ${term.nextElementSibling?.textContent}`);
    expect(counts).toEqual([
      'Classes à créer 2',
      'Élèves à créer 2',
      'Élèves à mettre à jour 1',
      'Élèves qui changent de classe 1',
      'Élèves à radier 1',
      'Élèves inchangés 3',
      'Responsables à créer 2',
      'Liens responsable–enfant à créer 3',
      'Lignes rejetées 0',
    ]);
    // The upload went through the progress events, then the server answered.
    expect(FakeXMLHttpRequest.sent).toEqual([50, 100]);
    const [sent] = requestsTo('POST', '/api/v1/imports/schools/3/onde/preview/');
    expect(sent?.headers.get('X-CSRFToken')).toBe('tok');
    expect(sent?.body).toContain('name="pupils"; filename="CSVExtraction.csv"');
    expect(sent?.body).toContain('name="guardians"; filename="responsables.csv"');

    // No rejected line: the classrooms come first, with their ONDE identifier.
    expect(screen.queryByRole('tab', { name: /^Lignes rejetées/ })).not.toBeInTheDocument();
    expect(tab(/^Classes à créer/)).toHaveAttribute('aria-selected', 'true');
    let table = screen.getByRole('table', { name: 'Classes à créer' });
    expect(within(table).getByRole('row', { name: '1002 CE1-CE2 M. Petit CE1, CE2' })).toBeInTheDocument();

    await user.click(tab(/^Élèves à créer\s*2$/));
    table = screen.getByRole('table', { name: 'Élèves à créer' });
    expect(within(table).getByRole('row', { name: '3 Regnier Étienne 04/09/2018 CE2 CE1-CE2 M. Petit' })).toBeInTheDocument();

    await user.click(tab(/^Élèves à mettre à jour/));
    table = screen.getByRole('table', { name: 'Élèves à mettre à jour' });
    expect(within(table).getByRole('cell', { name: 'adresse, INE' })).toBeInTheDocument();

    await user.click(tab(/^Changements de classe/));
    table = screen.getByRole('table', { name: 'Changements de classe' });
    expect(within(table).getByRole('row', { name: '5 Boyer Corinne 05/06/2020 CM1 CE2 A CM1 Mme Roux' })).toBeInTheDocument();

    await user.click(tab(/^Élèves à radier/));
    table = screen.getByRole('table', { name: 'Élèves à radier' });
    expect(within(table).getByRole('row', { name: '— Martin Léa 14/03/2017 CM1-CM2' })).toBeInTheDocument();

    await user.click(tab(/^Responsables à créer/));
    expect(screen.getByText('3 liens responsable–enfant seront créés (responsables nouveaux ou déjà connus).')).toBeInTheDocument();
    table = screen.getByRole('table', { name: 'Responsables à créer' });
    expect(within(table).getByRole('row', { name: '3 Regnier Benjamin Étienne Regnier, Lou Regnier' })).toBeInTheDocument();

    expect(screen.getByRole('button', { name: 'Appliquer l’import' })).toBeEnabled();
  });

  it('lists the rejected lines first, with their file, line number and reason, and cannot apply', async () => {
    const { requestsTo } = routes({ [PREVIEW]: () => json(200, previewWithRejections) });
    const { user } = renderApp('/rentree/import');
    await chooseFilesAndPreview(user);

    expect(await screen.findByText('3 lignes rejetées')).toBeInTheDocument();
    expect(tab(/^Lignes rejetées\s*3$/)).toHaveAttribute('aria-selected', 'true');
    const table = screen.getByRole('table', { name: 'Lignes rejetées' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      'ÉlèvesLigne 3date de naissance invalide « 31/02/2019 » (attendu jj/mm/aaaa)',
      'ÉlèvesLigne 4niveau inconnu « 6EME » (CP, CE1, CE2, CM1 ou CM2)',
      'ResponsablesLigne 6enfant absent du fichier des élèves : Manon Delaunay',
    ]);
    const apply = screen.getByRole('button', { name: 'Appliquer l’import' });
    expect(apply).toBeDisabled();
    expect(apply).toHaveAccessibleDescription('L’import ne peut pas être appliqué tant que des lignes sont rejetées.');
    expect(requestsTo('POST', '/api/v1/imports/schools/3/onde/apply/')).toHaveLength(0);
  });

  it('shows the warnings first, and the classes whose ONDE identifier will be stored, and can still apply', async () => {
    routes({ [PREVIEW]: () => json(200, previewWithWarnings) });
    const { user } = renderApp('/rentree/import');
    await chooseFilesAndPreview(user);

    expect(await screen.findByText('1 avertissement')).toBeInTheDocument();
    expect(tab(/^Avertissements\s*1$/)).toHaveAttribute('aria-selected', 'true');
    const table = screen.getByRole('table', { name: 'Avertissements' });
    expect(within(table).getAllByRole('row')[1]?.textContent).toContain('ÉlèvesLigne 5« NGUY?N » : des lettres ont été perdues');
    await user.click(tab(/^Classes à créer/));
    expect(screen.getByText('Classe existante trouvée par son nom, dont l’identifiant ONDE sera enregistré : CM1 Mme Roux (1003).')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Appliquer l’import' })).toBeEnabled();
  });

  it('applies after a confirmation, then shows what was written and the school’s classes', async () => {
    let classrooms = { count: 0, next: null, previous: null, results: [] as unknown[] };
    const { requestsTo } = routes({
      [PREVIEW]: () => json(200, cleanPreview),
      [APPLY]: () => {
        classrooms = classroomsAfterImport;
        return json(200, appliedSummary);
      },
      'GET /api/v1/schools/classrooms/': () => json(200, classrooms),
    });
    const { user } = renderApp('/rentree/import');
    await chooseFilesAndPreview(user);

    await user.click(await screen.findByRole('button', { name: 'Appliquer l’import' }));
    const dialog = await screen.findByRole('dialog', { name: 'Appliquer l’import ?' });
    // Cancelling writes nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requestsTo('POST', '/api/v1/imports/schools/3/onde/apply/')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Appliquer l’import' }));
    const confirm = await screen.findByRole('dialog', { name: 'Appliquer l’import ?' });
    expect(confirm).toHaveTextContent('2 classes et 2 élèves à créer, 1 élève à radier');
    await user.click(within(confirm).getByRole('button', { name: 'Oui, appliquer' }));

    const result = await screen.findByRole('region', { name: 'Import appliqué' });
    expect(within(result).getByText('L’import a été enregistré.')).toBeInTheDocument();
    expect(within(result).getByText('Classes créées').nextElementSibling).toHaveTextContent('2');
    expect(within(result).getByText('Élèves radiés').nextElementSibling).toHaveTextContent('1');
    expect(screen.queryByRole('region', { name: 'Ce que l’import changerait' })).not.toBeInTheDocument();
    const classes = await within(result).findByRole('table', { name: 'Classes de l’école' });
    expect(within(classes).getByRole('row', { name: 'CE1-CE2 M. Petit CE1, CE2 2026-2027 12 élèves' })).toBeInTheDocument();
    expect(within(classes).getByRole('row', { name: 'CP Mme Durand CP 2026-2027 1 élève' })).toBeInTheDocument();
    const [applied] = requestsTo('POST', '/api/v1/imports/schools/3/onde/apply/');
    expect(applied?.body).toContain('filename="CSVExtraction.csv"');
    const listed = requestsTo('GET', '/api/v1/schools/classrooms/');
    expect(listed.length).toBeGreaterThan(0);
  });

  it('names the file and the missing column when the API refuses a file', async () => {
    routes({
      [PREVIEW]: () =>
        apiError(400, 'missing_columns', 'Fichier des responsables : colonne(s) introuvable(s) : nom responsable.', {
          responsables: ['Colonnes attendues : nom responsable.'],
        }),
    });
    const { user } = renderApp('/rentree/import');
    await chooseFilesAndPreview(user);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Les fichiers n’ont pas pu être prévisualisés');
    expect(alert).toHaveTextContent('Fichier des responsables : colonne(s) introuvable(s) : nom responsable.');
    expect(screen.getByLabelText(/^Export des responsables/)).toHaveAccessibleDescription(
      /Colonnes attendues : nom responsable\./,
    );
    expect(screen.getByLabelText(/^Export des responsables/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('region', { name: 'Ce que l’import changerait' })).not.toBeInTheDocument();
  });

  it('explains an unreadable file, a refused apply and a school that is not the director’s', async () => {
    let answer = () => json(500, { detail: 'Server Error' });
    routes({ [PREVIEW]: () => answer() });
    const { user } = renderApp('/rentree/import');
    await chooseFilesAndPreview(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Le serveur n’a pas pu lire ces fichiers. Vérifiez qu’il s’agit bien des exports CSV d’ONDE',
    );

    answer = () => apiError(404, 'not_found', 'École introuvable.');
    await user.click(screen.getByRole('button', { name: 'Prévisualiser' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('École introuvable : elle n’existe pas ou vous n’en êtes pas la direction.'),
    );

    answer = () => apiError(403, 'permission_denied', 'Seule la direction de l’école importe les exports ONDE.');
    await user.click(screen.getByRole('button', { name: 'Prévisualiser' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('Seule la direction de l’école peut importer les exports ONDE.'),
    );
  });

  it('shows the lines refused by the apply', async () => {
    routes({
      [PREVIEW]: () => json(200, cleanPreview),
      [APPLY]: () =>
        apiError(400, 'rejected_rows', '1 ligne(s) rejetée(s) : corrigez les fichiers, puis importez de nouveau.', {
          files: ['élèves, ligne 3 : niveau inconnu « 6EME »'],
        }),
    });
    const { user } = renderApp('/rentree/import');
    await chooseFilesAndPreview(user);
    await user.click(await screen.findByRole('button', { name: 'Appliquer l’import' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Oui, appliquer' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('L’import n’a pas été appliqué');
    expect(within(alert).getByRole('listitem')).toHaveTextContent('élèves, ligne 3 : niveau inconnu « 6EME »');
  });

  it('asks for both files before sending anything', async () => {
    const { requests } = routes({});
    const { user } = renderApp('/rentree/import');
    await user.upload(await screen.findByLabelText(/^Export des élèves/, {}, LAZY_PAGE), csvFile('CSVExtraction.csv'));
    await user.click(screen.getByRole('button', { name: 'Prévisualiser' }));

    expect(screen.getByLabelText(/^Export des responsables/)).toHaveAccessibleDescription(/Choisissez ce fichier\./);
    expect(screen.getByText(/^CSVExtraction\.csv · /)).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('tells other roles the page is for the director', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => json(200, makeMe({ roles: ['teacher'] })) });
    renderApp('/rentree/import');
    expect(await screen.findByText('Cette page est réservée à la direction d’école.', {}, LAZY_PAGE)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Export des élèves/)).not.toBeInTheDocument();
  });
});
