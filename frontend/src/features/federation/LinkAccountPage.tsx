import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { ApiError } from '../../api/errors';
import type { PendingLink } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { useFocusOnFailure } from '../../shared/formErrors';
import { FullPageLoader } from '../../shared/FullPageLoader';
import { PublicPageShell } from '../../shared/PublicPageShell';
import { QueryState } from '../../shared/QueryState';
import { SCHOOL_TIME_ZONE } from '../../shared/dates';
import { usePageTitle } from '../../shared/usePageTitle';
import { LOGIN_PATH, useMe } from '../accounts/hooks';
import { useLinkAccount, usePendingLink } from './hooks';

/** The server's refusal when nothing waits any more (expired, or linked in another tab). */
const NOT_PENDING = 'link_not_pending';

/**
 * Public page « /connexion/lier »: the provider vouched for someone Préau cannot match to a
 * login by itself. Once, they prove which login is theirs: the code of the school's letter
 * (families), or the username and password they already have. Then they are signed in.
 */
export function LinkAccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('federation.link.pageTitle'));
  // Reads the signed-in user as every public page does: this takes the answer the page's
  // HTML preloaded (index.html), which would otherwise be served, stale, to the first read
  // after the link opens the session. A signed-in visitor stays: their link is pending.
  useMe({ retryOnMount: false });
  const pending = usePendingLink();
  const link = useLinkAccount();

  if (pending.isPending) return <FullPageLoader />;
  if (pending.error?.status === 404 || link.error?.code === NOT_PENDING) return <NothingPending />;
  if (!pending.data) {
    return (
      <PublicPageShell title={t('federation.link.pageTitle')}>
        <QueryState query={pending} />
      </PublicPageShell>
    );
  }
  return <LinkForms pending={pending.data} link={link} />;
}

function NothingPending() {
  const { t } = useTranslation();
  return (
    <PublicPageShell title={t('federation.link.expiredTitle')}>
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        <Stack>
          <Text>{t('federation.link.expired')}</Text>
          <Button component={Link} to={LOGIN_PATH} fullWidth>
            {t('federation.link.backToLogin')}
          </Button>
        </Stack>
      </Paper>
    </PublicPageShell>
  );
}

type LinkMutation = ReturnType<typeof useLinkAccount>;

function LinkForms({ pending, link }: { pending: PendingLink; link: LinkMutation }) {
  const { t, i18n } = useTranslation();
  const provider = pending.provider_label;
  // A family links with the letter's code; staff only with the login they already have.
  const families = pending.audience === 'families';
  // Which form sent the last request: its errors are shown there, not under the other one.
  const [sentBy, setSentBy] = useState<'code' | 'password' | null>(null);
  const until = new Intl.DateTimeFormat(i18n.language, { timeZone: SCHOOL_TIME_ZONE, timeStyle: 'short' }).format(
    new Date(pending.expires_at),
  );
  return (
    <PublicPageShell
      title={t('federation.link.title', { provider })}
      intro={
        pending.display_name
          ? t('federation.link.introNamed', { provider, name: pending.display_name })
          : t('federation.link.intro', { provider })
      }
      width={480}
    >
      <Stack gap="lg">
        <Text size="sm">{t('federation.link.once', { provider, time: until })}</Text>
        {families && (
          <CodeForm
            link={link}
            error={sentBy === 'code' ? link.error : null}
            onSend={(code) => {
              setSentBy('code');
              link.mutate({ code });
            }}
          />
        )}
        <PasswordForm
          link={link}
          families={families}
          error={sentBy === 'password' ? link.error : null}
          onSend={(username, password, otpCode) => {
            setSentBy('password');
            link.mutate({ username, password, otp_code: otpCode });
          }}
        />
        <Text size="sm" ta="center">
          <Anchor component={Link} to={LOGIN_PATH}>
            {t('federation.link.cancel')}
          </Anchor>
        </Text>
      </Stack>
    </PublicPageShell>
  );
}

/** The refusal shown above a form, unless it is already said under one of its fields. */
function FormAlert({ error, fields }: { error: ApiError | null; fields: readonly string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const underField = fields.some((field) => error.fields[field]?.length);
  if (underField) return null;
  return (
    <Alert color="red" variant="outline" title={t('federation.link.errorTitle')} role="alert" tabIndex={-1}>
      {errorMessage(error, t)}
    </Alert>
  );
}

function CodeForm({ link, error, onSend }: { link: LinkMutation; error: ApiError | null; onSend: (code: string) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnFailure(formRef, missing ? {} : error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (code.trim() === '') {
      setMissing(true);
      return;
    }
    onSend(code.trim());
  };
  return (
    <Paper
      component="form"
      ref={formRef}
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="link-code-heading"
      withBorder
      shadow="sm"
      p={{ base: 'md', sm: 'xl' }}
      radius="md"
    >
      <Stack>
        <Title order={2} fz="h4" id="link-code-heading">
          {t('federation.link.codeTitle')}
        </Title>
        <FormAlert error={error} fields={['code']} />
        <TextInput
          label={t('federation.link.code')}
          description={t('federation.link.codeHelp')}
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          required
          withAsterisk={false}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? t('login.required') : error?.fields.code?.join(' ') || undefined}
          styles={{ input: { fontFamily: 'monospace', letterSpacing: '0.08em' } }}
        />
        <Button type="submit" fullWidth loading={link.isPending && link.variables?.code !== undefined}>
          {t('federation.link.codeSubmit')}
        </Button>
      </Stack>
    </Paper>
  );
}

type PasswordField = 'username' | 'password' | 'otp_code';

function PasswordForm({
  link,
  families,
  error,
  onSend,
}: {
  link: LinkMutation;
  families: boolean;
  error: ApiError | null;
  onSend: (username: string, password: string, otpCode: string) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<PasswordField, string>>({ username: '', password: '', otp_code: '' });
  const [missing, setMissing] = useState<Record<PasswordField, boolean>>({
    username: false,
    password: false,
    otp_code: false,
  });
  // The account has a second factor: the server asked for its code once; keep the field.
  const [otpAsked, setOtpAsked] = useState(false);
  const otpShown = otpAsked || Boolean(error?.fields.otp_code);
  useEffect(() => {
    if (error?.fields.otp_code) setOtpAsked(true);
  }, [error]);
  const formRef = useRef<HTMLFormElement>(null);
  const anyMissing = missing.username || missing.password || missing.otp_code;
  useFocusOnFailure(formRef, anyMissing ? missing : error);

  const fieldError = (field: PasswordField): string | undefined =>
    missing[field] ? t('login.required') : error?.fields[field]?.join(' ') || undefined;
  const change = (field: PasswordField) => (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setMissing((m) => ({ ...m, [field]: false }));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = {
      username: values.username.trim() === '',
      password: values.password === '',
      otp_code: otpShown && values.otp_code.trim() === '',
    };
    setMissing(next);
    if (next.username || next.password || next.otp_code) return;
    onSend(values.username.trim(), values.password, otpShown ? values.otp_code.trim() : '');
  };
  return (
    <Paper
      component="form"
      ref={formRef}
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="link-password-heading"
      withBorder
      shadow="sm"
      p={{ base: 'md', sm: 'xl' }}
      radius="md"
    >
      <Stack>
        <Stack gap={4}>
          <Title order={2} fz="h4" id="link-password-heading">
            {t('federation.link.passwordTitle')}
          </Title>
          <Text size="sm" c="gray.7">
            {families ? t('federation.link.passwordIntroFamilies') : t('federation.link.passwordIntroStaff')}
          </Text>
        </Stack>
        <FormAlert error={error} fields={['username', 'password', 'otp_code']} />
        <TextInput
          label={t('login.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          withAsterisk={false}
          value={values.username}
          onChange={change('username')}
          error={fieldError('username')}
        />
        <PasswordInput
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          required
          withAsterisk={false}
          value={values.password}
          onChange={change('password')}
          error={fieldError('password')}
          visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
        />
        {otpShown && (
          <TextInput
            label={t('federation.link.otpCode')}
            description={t('federation.link.otpHelp')}
            name="otp_code"
            autoComplete="one-time-code"
            inputMode="numeric"
            required
            withAsterisk={false}
            value={values.otp_code}
            onChange={change('otp_code')}
            error={fieldError('otp_code')}
          />
        )}
        <Button
          type="submit"
          fullWidth
          variant={families ? 'light' : 'filled'}
          loading={link.isPending && link.variables?.username !== undefined}
        >
          {t('federation.link.passwordSubmit')}
        </Button>
      </Stack>
    </Paper>
  );
}
