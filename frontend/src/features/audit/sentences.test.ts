import { afterEach, describe, expect, it } from 'vitest';

import { changeLanguage, i18n } from '../../shared/i18n';
import type { AuditEvent } from './api';
import { auditSentence } from './sentences';

const base: AuditEvent = {
  id: 1,
  created_at: '2026-11-24T08:05:09Z',
  kind: 'login_succeeded',
  actor_id: 12,
  username: 'claire.martin',
  actor_name: 'Claire Martin',
  method: 'POST',
  path: '/api/v1/accounts/login/',
  object_ref: '',
  sign_in_method: '',
  schools: [{ id: 3, name: 'École Jules Ferry' }],
};

const say = (event: Partial<AuditEvent>) => auditSentence(i18n.t, i18n.language, { ...base, ...event });

describe('auditSentence', () => {
  afterEach(async () => {
    await changeLanguage('fr');
  });

  it('says the sign-ins and sign-outs with who, or the username typed', () => {
    expect(say({})).toBe('Claire Martin s’est connecté·e.');
    expect(say({ sign_in_method: 'password_totp' })).toBe(
      'Claire Martin s’est connecté·e par mot de passe et code à usage unique.',
    );
    expect(say({ sign_in_method: 'saml:educonnect' })).toBe(
      'Claire Martin s’est connecté·e par fédération d’identité (educonnect).',
    );
    expect(say({ kind: 'logout', path: '/api/v1/accounts/logout/' })).toBe('Claire Martin s’est déconnecté·e.');
    expect(say({ kind: 'login_failed', actor_name: '', actor_id: null, username: 'marie.curie' })).toBe(
      'Tentative avec l’identifiant « marie.curie », refusée.',
    );
    expect(say({ kind: 'login_throttled', actor_name: '', username: 'marie.curie' })).toBe(
      'Identifiant « marie.curie » bloqué après trop d’échecs.',
    );
  });

  it('says what a refused request tried to do, in words, without the route', () => {
    expect(
      say({ kind: 'permission_denied', method: 'POST', path: '/api/v1/attendance/absences/<int:absence_id>/justification/accept/', object_ref: 'permission_denied absence_id=9' }),
    ).toBe('Refusé à Claire Martin : accepter la justification d’une absence.');
    expect(say({ kind: 'permission_denied', method: 'GET', path: '/api/v1/attendance/classrooms/<int:classroom_id>/roll-call/' })).toBe(
      'Refusé à Claire Martin : consulter l’appel.',
    );
    expect(say({ kind: 'permission_denied', method: 'PATCH', path: '/api/v1/people/pupils/<int:pupil_id>/' })).toBe(
      'Refusé à Claire Martin : modifier la fiche d’un élève.',
    );
    // A route this page does not know: null, the page shows the kind and the route.
    expect(say({ kind: 'permission_denied', method: 'GET', path: '/api/v1/unknown/' })).toBeNull();
  });

  it('says what an authority read, and where', () => {
    expect(
      say({ kind: 'authority_read', method: 'GET', actor_name: 'Paul Durand', path: '/api/v1/authority/schools/<id:school_id>/pupils/', object_ref: 'access_log=3 pupil_list' }),
    ).toBe('Paul Durand a consulté la liste des élèves (R131-3) (École Jules Ferry).');
  });

  it('says which call was reminded, with its date and half-day', () => {
    expect(say({ kind: 'roll_call_reminder', object_ref: 'classroom=3 2026-11-12 morning' })).toBe(
      'Claire Martin a relancé l’appel non fait du 12/11 (matin).',
    );
  });

  it('says what a director changed on a pupil record, and what a teacher was refused there', () => {
    const change = { kind: 'pupil_record_changed' as const, method: 'POST', path: '/api/v1/people/pupils/<id:pupil_id>/pickup-persons/' };
    expect(say({ ...change, object_ref: 'pupil=12 pickup_person=3 added' })).toBe(
      'Claire Martin a ajouté une personne autorisée à venir chercher un élève.',
    );
    expect(say({ ...change, object_ref: 'pupil=12 pickup_person=3 removed' })).toBe(
      'Claire Martin a retiré une personne autorisée à venir chercher un élève.',
    );
    expect(say({ ...change, object_ref: 'pupil=12 guardian=5 contact' })).toBe(
      'Claire Martin a corrigé les coordonnées d’un responsable sur une fiche élève.',
    );
    expect(say({ ...change, object_ref: 'pupil=12' })).toBeNull();
    expect(
      say({ kind: 'permission_denied', method: 'DELETE', path: '/api/v1/people/pickup-persons/<id:pickup_person_id>/' }),
    ).toBe('Refusé à Claire Martin : supprimer les personnes autorisées à venir chercher un élève.');
    expect(say({ kind: 'permission_denied', method: 'PATCH', path: '/api/v1/people/guardianships/<id:guardianship_id>/contact/' })).toBe(
      'Refusé à Claire Martin : modifier la fiche élève.',
    );
  });

  it('is in English too', async () => {
    await changeLanguage('en');
    expect(say({ kind: 'roll_call_reminder', object_ref: 'classroom=3 2026-11-12 afternoon' })).toBe(
      'Claire Martin sent a reminder for the call not taken on 11/12 (afternoon).',
    );
    expect(say({ kind: 'permission_denied', method: 'DELETE', path: '/api/v1/messaging/polls/<int:poll_id>/' })).toBe(
      'Refused to Claire Martin: delete the polls.',
    );
  });
});
