import { Alert, Anchor, Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { isApiError } from '../../api/errors';
import type { Evaluation, EvaluationGrid, LevelScale } from '../../api/types';
import { formatDayLong } from '../../shared/dates';
import { errorMessage } from '../../shared/errorMessage';
import { personName } from '../../shared/labels';
import { NotFoundPage } from '../../shared/NotFoundPage';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import {
  afterEntry,
  cellErrors,
  cellKey,
  cellsOf,
  changedCount,
  cycleValue,
  gridPayload,
  moveCursor,
  sameValue,
  textColourOn,
  valueForKey,
  type CellValue,
  type Cursor,
} from './grid';
import classes from './Livret.module.css';
import { useClassroomOf, useEvaluation, useGrid, useLevelScale, usePublishEvaluation, useSaveGrid } from './hooks';
import { evaluationsPath } from './paths';

/** The grid of an evaluation (its teachers, the director): pupils × elements. */
export function GridPage() {
  const { evaluationId } = useParams();
  const id = Number(evaluationId);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  return <GridFrame key={id} evaluationId={id} />;
}

function GridFrame({ evaluationId }: { evaluationId: number }) {
  const { t, i18n } = useTranslation();
  const evaluation = useEvaluation(evaluationId);
  const classroom = useClassroomOf(evaluation.data?.classroom_id);
  const schoolId = classroom.data?.school.id;
  const scale = useLevelScale(schoolId);
  const grid = useGrid(evaluationId);
  const title = evaluation.data ? t('livret.grid.title', { title: evaluation.data.title }) : t('livret.grid.fallbackTitle');
  usePageTitle(title);

  const data = evaluation.data;
  return (
    <Stack gap="md" maw={1400}>
      <Stack gap={4}>
        <Title order={1}>{title}</Title>
        {data && (
          <Group gap="md" wrap="wrap">
            <Text c="dimmed">
              {classroom.data?.name ?? ''} · {formatDayLong(data.date, i18n.language)}
            </Text>
            {data.published_at ? (
              <Badge color="teal.9" variant="filled">
                {t('livret.evaluations.published')}
              </Badge>
            ) : (
              <Badge color="gray.8" variant="outline">
                {t('livret.evaluations.draft')}
              </Badge>
            )}
            <Anchor component={Link} to={evaluationsPath(data.classroom_id)} size="sm">
              {t('livret.grid.back')}
            </Anchor>
          </Group>
        )}
      </Stack>
      {data === undefined ? (
        <QueryState query={evaluation} />
      ) : grid.data === undefined ? (
        <QueryState query={grid} />
      ) : scale.data === undefined ? (
        <QueryState query={scale} />
      ) : (
        <GridEditor
          evaluation={data}
          grid={grid.data.grid}
          etag={grid.data.etag}
          scale={scale.data}
          reload={() => void grid.refetch()}
        />
      )}
    </Stack>
  );
}

export function levelText(scale: LevelScale, value: CellValue | undefined, t: TFunction): string {
  if (!value) return t('livret.grid.empty');
  if (value.absent) return t('livret.grid.absent');
  return `${value.level} – ${scale.labels[value.level - 1]}`;
}

interface GridEditorProps {
  evaluation: Evaluation;
  grid: EvaluationGrid;
  etag: string | null;
  scale: LevelScale;
  reload: () => void;
}

/**
 * The grid itself. Keyboard: arrows move, 1–4 a level, A or 0 absent, Delete empties,
 * Enter saves the whole grid; a tap (tablet) cycles a cell through the levels.
 */
export function GridEditor({ evaluation, grid, etag, scale, reload }: GridEditorProps) {
  const { t } = useTranslation();
  const saved = useMemo(() => cellsOf(grid), [grid]);
  const [cells, setCells] = useState<Map<string, CellValue>>(saved);
  const [cursor, setCursor] = useState<Cursor>({ row: 0, col: 0 });
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [status, setStatus] = useState('');
  const refs = useRef(new Map<string, HTMLTableCellElement>());
  const tableRef = useRef<HTMLTableElement>(null);
  const save = useSaveGrid(evaluation.id);
  const publish = usePublishEvaluation();

  // A new version from the server replaces the cells, unless the teacher is typing: a
  // refetch (reconnection) must not wipe unsaved cells; "Recharger" after a 412 does.
  const previousSaved = useRef(saved);
  const forceReload = useRef(false);
  useEffect(() => {
    if (previousSaved.current === saved) return;
    const typing = changedCount(previousSaved.current, cells) > 0;
    previousSaved.current = saved;
    if (!typing || forceReload.current) {
      forceReload.current = false;
      setCells(new Map(saved));
    }
  }, [saved, cells]);

  const pupils = grid.pupils;
  const elements = grid.elements;
  const changes = changedCount(saved, cells);

  // The cursor's cell takes the focus when the grid has it (never on page load).
  useEffect(() => {
    const pupil = pupils[cursor.row];
    const element = elements[cursor.col];
    if (!pupil || !element) return;
    const cell = refs.current.get(cellKey(pupil.id, element.id));
    if (cell && tableRef.current?.contains(document.activeElement) && document.activeElement !== cell) cell.focus();
  }, [cursor, pupils, elements]);

  const setCell = (key: string, value: CellValue) => {
    setCells((previous) => {
      const next = new Map(previous);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
    setErrors((previous) => {
      if (!previous.has(key)) return previous;
      const next = new Map(previous);
      next.delete(key);
      return next;
    });
    setStatus('');
  };

  const saveGrid = () => {
    const payload = gridPayload(
      pupils.map((p) => p.id),
      elements.map((e) => e.id),
      cells,
    );
    setStatus('');
    save.mutate(
      { cells: payload.cells, etag },
      {
        onSuccess: () => {
          setErrors(new Map());
          setStatus(t('livret.grid.saved', { count: payload.cells.length }));
        },
        onError: (error) => {
          const named = isApiError(error) ? cellErrors(error.fields, payload.keys) : new Map<string, string>();
          setErrors(named);
          const first = [...named.keys()][0];
          if (first) {
            const row = pupils.findIndex((p) => elements.some((e) => cellKey(p.id, e.id) === first));
            const col = elements.findIndex((e) => pupils.some((p) => cellKey(p.id, e.id) === first));
            if (row >= 0 && col >= 0) setCursor({ row, col });
          }
        },
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableCellElement>, row: number, col: number) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const here = { row, col };
    const moved = moveCursor(here, event.key, pupils.length, elements.length);
    if (moved) {
      event.preventDefault();
      setCursor(moved);
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      saveGrid();
      return;
    }
    const value = valueForKey(event.key);
    if (value === undefined) return;
    event.preventDefault();
    const pupil = pupils[row];
    const element = elements[col];
    if (!pupil || !element) return;
    setCell(cellKey(pupil.id, element.id), value);
    setCursor(afterEntry(here, pupils.length));
  };

  const nameOf = (key: string) => {
    const pupil = pupils.find((p) => elements.some((e) => cellKey(p.id, e.id) === key));
    const element = elements.find((e) => pupils.some((p) => cellKey(p.id, e.id) === key));
    return `${pupil ? personName(pupil) : ''} · ${element?.label ?? ''}`;
  };

  const conflict = isApiError(save.error) && save.error.status === 412;

  return (
    <Stack gap="sm">
      <Text size="sm" id="aide-grille">
        {t('livret.grid.help')}
      </Text>
      <Group gap="xs" wrap="wrap" aria-label={t('livret.grid.legend')} role="list">
        {scale.labels.map((label, index) => (
          <span
            key={label}
            role="listitem"
            className={classes.legend}
            style={{ background: scale.colours[index], color: textColourOn(scale.colours[index] ?? '') }}
          >
            {index + 1} – {label}
          </span>
        ))}
        <span role="listitem" className={classes.legend}>
          {t('livret.grid.absentKey')}
        </span>
      </Group>

      {save.error !== null && (
        <Alert color="red" variant="outline" role="alert" title={t('livret.grid.saveError')}>
          {errors.size > 0 ? (
            <List size="sm">
              {[...errors].map(([key, message]) => (
                <List.Item key={key}>
                  {nameOf(key)} : {message}
                </List.Item>
              ))}
            </List>
          ) : (
            errorMessage(save.error, t)
          )}
          {conflict && (
            <Button
              mt="xs"
              size="xs"
              variant="default"
              onClick={() => {
                forceReload.current = true;
                save.reset();
                setErrors(new Map());
                reload();
              }}
            >
              {t('livret.grid.reload')}
            </Button>
          )}
        </Alert>
      )}

      {pupils.length === 0 || elements.length === 0 ? (
        <Text>{t('livret.grid.noPupils')}</Text>
      ) : (
        <div className={classes.gridScroll}>
          <table
            ref={tableRef}
            role="grid"
            className={classes.grid}
            aria-labelledby="titre-grille"
            aria-describedby="aide-grille"
          >
            <caption id="titre-grille" className={classes.caption}>
              {evaluation.title}
            </caption>
            <thead>
              <tr>
                <th scope="col" className={classes.pupilHead}>
                  {t('livret.grid.pupil')}
                </th>
                {elements.map((element) => (
                  <th scope="col" key={element.id} className={classes.elementHead}>
                    <span className={classes.domain}>{element.domain_label}</span>
                    {element.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pupils.map((pupil, row) => (
                <tr key={pupil.id}>
                  <th scope="row" className={classes.pupilCell}>
                    {personName(pupil)}
                  </th>
                  {elements.map((element, col) => {
                    const key = cellKey(pupil.id, element.id);
                    const value = cells.get(key);
                    const error = errors.get(key);
                    const isCursor = cursor.row === row && cursor.col === col;
                    const colour = value && !value.absent ? scale.colours[value.level - 1] : undefined;
                    return (
                      <td
                        key={element.id}
                        role="gridcell"
                        ref={(node) => {
                          if (node) refs.current.set(key, node);
                          else refs.current.delete(key);
                        }}
                        tabIndex={isCursor ? 0 : -1}
                        aria-label={`${personName(pupil)}, ${element.label} : ${levelText(scale, value, t)}${
                          error ? ` — ${error}` : ''
                        }`}
                        aria-invalid={error ? true : undefined}
                        data-changed={!sameValue(value, saved.get(key)) || undefined}
                        className={classes.cell}
                        style={colour ? { background: colour, color: textColourOn(colour) } : undefined}
                        onKeyDown={(event) => onKeyDown(event, row, col)}
                        onFocus={() => {
                          if (!isCursor) setCursor({ row, col });
                        }}
                        onClick={() => {
                          setCursor({ row, col });
                          setCell(key, cycleValue(value ?? null));
                        }}
                      >
                        <span aria-hidden="true">{value ? (value.absent ? 'Abs' : value.level) : ''}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div role="status" aria-live="polite" className={classes.status}>
        {status ? (
          <Text c="teal.9" fw={600}>
            {status}
          </Text>
        ) : changes > 0 ? (
          <Text>{t('livret.grid.changes', { count: changes })}</Text>
        ) : null}
      </div>
      <Group gap="sm" wrap="wrap">
        <Button onClick={saveGrid} loading={save.isPending}>
          {t('livret.grid.save')}
        </Button>
        {!evaluation.published_at && (
          <Button
            variant="outline"
            onClick={() =>
              publish.mutate(evaluation.id, { onSuccess: () => setStatus(t('livret.grid.publishedStatus')) })
            }
            loading={publish.isPending}
            disabled={changes > 0}
            aria-describedby={changes > 0 ? 'publier-aide' : undefined}
          >
            {t('livret.grid.publish')}
          </Button>
        )}
        {!evaluation.published_at && changes > 0 && (
          <Text size="sm" c="dimmed" id="publier-aide">
            {t('livret.grid.saveBeforePublish')}
          </Text>
        )}
      </Group>
      {publish.error && (
        <Alert color="red" variant="outline" role="alert">
          {errorMessage(publish.error, t)}
        </Alert>
      )}
    </Stack>
  );
}
