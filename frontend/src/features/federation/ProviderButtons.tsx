import { Button, Divider, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { useProviders } from './hooks';

/**
 * « Se connecter avec » on the login page: one button per identity provider the operator
 * set up (the families' EduConnect first). A button is a link: signing in at the provider
 * is a full-page navigation, not a request of this page. Nothing at all when no provider
 * is set up, or while the list is unknown.
 */
export function ProviderButtons() {
  const { t } = useTranslation();
  const providers = useProviders();
  const list = providers.data ?? [];
  if (list.length === 0) return null;
  return (
    <Stack component="section" aria-labelledby="providers-heading" gap="sm" mt="lg">
      <Divider
        labelPosition="center"
        label={
          <Text component="h2" id="providers-heading" size="sm" fw={600} c="gray.8" m={0}>
            {t('federation.signInWith')}
          </Text>
        }
      />
      <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
        {list.map((provider) => {
          const hintId = `provider-${provider.protocol}-${provider.key}-hint`;
          return (
            <li key={`${provider.protocol}:${provider.key}`}>
              <Button
                component="a"
                href={provider.sign_in_path}
                variant="default"
                size="md"
                fullWidth
                aria-describedby={hintId}
              >
                {provider.label}
              </Button>
              <Text id={hintId} size="xs" c="gray.7" ta="center" mt={4}>
                {provider.audience === 'families' ? t('federation.forFamilies') : t('federation.forStaff')}
              </Text>
            </li>
          );
        })}
      </Stack>
    </Stack>
  );
}
