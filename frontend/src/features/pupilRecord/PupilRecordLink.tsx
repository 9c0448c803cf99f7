import { Anchor, Button } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { personName } from '../../shared/labels';
import { pupilRecordPath } from './paths';

type PupilRef = { id: number; first_name: string; last_name: string };

/** A pupil's name as a link to the pupil record (for the class's staff; others get a 404 page). */
export function PupilRecordLink({ pupil, children }: { pupil: PupilRef; children?: ReactNode }) {
  return (
    <Anchor component={Link} to={pupilRecordPath(pupil.id)} inherit>
      {children ?? personName(pupil)}
    </Anchor>
  );
}

/** A compact "Fiche" button beside a pupil's name, named after the pupil for screen readers. */
export function PupilRecordButton({ pupil }: { pupil: PupilRef }) {
  const { t } = useTranslation();
  return (
    <Button
      component={Link}
      to={pupilRecordPath(pupil.id)}
      variant="subtle"
      size="compact-md"
      aria-label={t('pupilRecord.linkLabel', { name: personName(pupil) })}
    >
      {t('pupilRecord.link')}
    </Button>
  );
}
