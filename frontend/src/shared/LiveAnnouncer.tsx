import { VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useCurrentUser } from './currentUser';
import { useRealtimeEvent } from './RealtimeProvider';

export const LIVE_REGION_ID = 'annonces-en-direct';

/**
 * The one polite live region of the signed-in layout: what arrives by the live channel
 * (a new message, an absence, a justification reviewed, a liaison note) is said by screen
 * readers, while the pages update their lists silently (WCAG 4.1.3).
 */
export function LiveAnnouncer() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [text, setText] = useState('');
  const timer = useRef<number | undefined>(undefined);

  const announce = (message: string) => {
    // Emptied first, so that the same sentence twice is said twice.
    setText('');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setText(message), 100);
  };
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const childName = (pupilId: number) => {
    const child = me.children.find((c) => c.id === pupilId);
    return child ? `${child.first_name} ${child.last_name}` : null;
  };

  useRealtimeEvent('message.created', (event) => {
    if (event.author_id === me.id) return; // one's own message is no news
    announce(t('a11y.live.newMessage', { author: event.author_name, subject: event.subject }));
  });
  useRealtimeEvent('attendance.absence_recorded', (event) => {
    const name = childName(event.pupil_id);
    announce(name ? t('a11y.live.newAbsence', { name }) : t('a11y.live.newAbsenceAnonymous'));
  });
  useRealtimeEvent('attendance.justification_reviewed', (event) => {
    const name = childName(event.pupil_id);
    if (!name) return;
    announce(t('a11y.live.justificationReviewed', { name, status: t(`attendance.status.${event.justification_status}`) }));
  });
  useRealtimeEvent('attendance.justification_submitted', () => {
    if (me.roles.includes('director')) announce(t('a11y.live.justificationWaiting'));
  });
  useRealtimeEvent('liaison_note.created', (event) => {
    announce(t('a11y.live.newNote', { title: event.title }));
  });

  return (
    // No role "status": the pages have their own status messages; this one only speaks.
    <VisuallyHidden id={LIVE_REGION_ID} aria-live="polite" aria-atomic="true">
      {text}
    </VisuallyHidden>
  );
}
