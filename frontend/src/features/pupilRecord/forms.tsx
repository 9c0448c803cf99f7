import { Button, Group, Stack, TextInput, Textarea } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { FormErrorAlert, splitFieldErrors, useFocusOnFailure } from '../../shared/formErrors';
import { newIdempotencyKey } from '../../shared/idempotencyKey';
import type { PickupPerson, PupilRecordGuardian } from './api';
import { useCreatePickupPerson, useUpdateGuardianContact, useUpdatePickupPerson } from './hooks';

const PICKUP_FIELDS = ['first_name', 'last_name', 'relationship', 'phone', 'notes'] as const;
type PickupValues = Record<(typeof PICKUP_FIELDS)[number], string>;
const REQUIRED: readonly (keyof PickupValues)[] = ['first_name', 'last_name', 'relationship', 'phone'];

/** The director's dialog: add or change a person authorised to pick the child up. */
export function PickupPersonForm({
  pupilId,
  pickupPerson,
  onDone,
}: {
  pupilId: number;
  pickupPerson: PickupPerson | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreatePickupPerson(pupilId);
  const update = useUpdatePickupPerson();
  const mutation = pickupPerson ? update : create;
  // One key per dialog: a resent addition is made once; a refused one stored nothing.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<PickupValues>({
    first_name: pickupPerson?.first_name ?? '',
    last_name: pickupPerson?.last_name ?? '',
    relationship: pickupPerson?.relationship ?? '',
    phone: pickupPerson?.phone ?? '',
    notes: pickupPerson?.notes ?? '',
  });
  const [missing, setMissing] = useState<string[]>([]);
  const [failure, setFailure] = useState<object | null>(null);
  useFocusOnFailure(form, failure);
  const { fieldError: serverError, otherMessages } = splitFieldErrors(mutation.error, PICKUP_FIELDS);
  const fieldError = (name: string) => (missing.includes(name) ? t('pupilRecord.required') : serverError(name));
  const labels = {
    first_name: t('pupilRecord.fields.firstName'),
    last_name: t('pupilRecord.fields.lastName'),
    relationship: t('pupilRecord.fields.relationship'),
    phone: t('pupilRecord.fields.phone'),
    notes: t('pupilRecord.fields.notes'),
  };

  const set = (name: keyof PickupValues) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
    setMissing((m) => m.filter((n) => n !== name));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty = REQUIRED.filter((name) => values[name].trim() === '');
    setMissing(empty);
    if (empty.length > 0) {
      setFailure({});
      return;
    }
    const body = { ...values, notes: values.notes.trim() };
    if (pickupPerson) update.mutate({ id: pickupPerson.id, body }, { onSuccess: onDone });
    else create.mutate({ body, idempotencyKey }, { onSuccess: onDone });
  };

  return (
    <form noValidate onSubmit={onSubmit} ref={form}>
      <Stack gap="sm">
        <FormErrorAlert error={mutation.error} otherMessages={otherMessages} labels={labels} />
        <TextInput
          label={labels.first_name}
          value={values.first_name}
          onChange={set('first_name')}
          error={fieldError('first_name')}
          maxLength={100}
          autoComplete="off"
          required
          data-autofocus
        />
        <TextInput
          label={labels.last_name}
          value={values.last_name}
          onChange={set('last_name')}
          error={fieldError('last_name')}
          maxLength={100}
          autoComplete="off"
          required
        />
        <TextInput
          label={labels.relationship}
          description={t('pupilRecord.fields.relationshipHelp')}
          value={values.relationship}
          onChange={set('relationship')}
          error={fieldError('relationship')}
          maxLength={60}
          required
        />
        <TextInput
          type="tel"
          label={labels.phone}
          description={t('pupilRecord.fields.phoneHelp')}
          value={values.phone}
          onChange={set('phone')}
          error={fieldError('phone')}
          maxLength={30}
          autoComplete="off"
          required
        />
        <Textarea
          label={labels.notes}
          description={t('pupilRecord.fields.notesHelp')}
          value={values.notes}
          onChange={set('notes')}
          error={fieldError('notes')}
          maxLength={300}
          autosize
          minRows={2}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('pupilRecord.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('pupilRecord.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const CONTACT_FIELDS = ['phone', 'email'] as const;

/** The director's dialog: correct a guardian's phone or e-mail. */
export function GuardianContactForm({ guardian, onDone }: { guardian: PupilRecordGuardian; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateGuardianContact();
  const [phone, setPhone] = useState(guardian.phone);
  const [email, setEmail] = useState(guardian.email);
  const { fieldError, otherMessages } = splitFieldErrors(update.error, CONTACT_FIELDS);
  const labels = { phone: t('pupilRecord.fields.phone'), email: t('pupilRecord.fields.email') };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({ id: guardian.guardianship_id, body: { phone: phone.trim(), email: email.trim() } }, { onSuccess: onDone });
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="sm">
        <FormErrorAlert error={update.error} otherMessages={otherMessages} labels={labels} />
        <TextInput
          type="tel"
          label={labels.phone}
          description={t('pupilRecord.fields.phoneHelp')}
          value={phone}
          onChange={(event) => setPhone(event.currentTarget.value)}
          error={fieldError('phone')}
          maxLength={30}
          data-autofocus
        />
        <TextInput
          type="email"
          label={labels.email}
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldError('email')}
          maxLength={254}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('pupilRecord.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('pupilRecord.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
