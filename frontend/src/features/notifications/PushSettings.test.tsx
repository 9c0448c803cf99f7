import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { DigestCategory, PushDevice } from '../../api/types';
import { json, mockFetch, type Handler } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const PUSH = '/api/v1/notifications/push/';
const SUBSCRIPTIONS = '/api/v1/notifications/push/subscriptions/';
const TITLE = 'Notifications sur vos appareils';
const KEY = 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM';
const ENDPOINT = 'https://fcm.googleapis.com/fcm/send/abc';
const ALL = ['messages', 'liaison_notes', 'absences', 'homework', 'announcements', 'timetable'];

/** The browser's push API as a real one answers (this is the browser, not our code). */
function stubBrowserPush({ permission = 'granted' }: { permission?: NotificationPermission } = {}) {
  const unsubscribe = vi.fn(async () => true);
  let current: { toJSON: () => PushSubscriptionJSON; unsubscribe: typeof unsubscribe } | null = null;
  const pushManager = {
    getSubscription: async () => current,
    subscribe: vi.fn(async () => {
      current = {
        toJSON: () => ({ endpoint: ENDPOINT, keys: { p256dh: 'BPubKey', auth: 'secret' } }),
        unsubscribe,
      };
      return current;
    }),
  };
  const registration = { pushManager };
  vi.stubGlobal('PushManager', class {});
  vi.stubGlobal('Notification', { permission: 'default', requestPermission: vi.fn(async () => permission) });
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: { ready: Promise.resolve(registration), getRegistration: async () => registration },
  });
  return { pushManager, unsubscribe };
}

function mockPush(devices: PushDevice[], routes: Record<string, Handler> = {}) {
  let list = devices;
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
    'GET /api/v1/accounts/csrf/': () => {
      document.cookie = 'csrftoken=tok-1; path=/';
      return json(200, { csrf_token: 'tok-1' });
    },
    'GET /api/v1/notifications/digest/': () =>
      json(200, { send_at: '18:00', categories: [], address: 'claire@example.org' }),
    [`GET ${PUSH}`]: () => json(200, { enabled: true, application_server_key: KEY, subscriptions: list }),
    [`POST ${SUBSCRIPTIONS}`]: async (request) => {
      const body = (await request.json()) as { label: string; categories: DigestCategory[] };
      const device: PushDevice = { id: 7, label: body.label, categories: body.categories, created_at: '2026-12-06T10:00:00+01:00', last_sent_at: null };
      list = [device];
      return json(201, device);
    },
    [`DELETE ${SUBSCRIPTIONS}7/`]: () => {
      list = [];
      return new Response(null, { status: 204 });
    },
    ...routes,
  });
}

async function pushSection() {
  return screen.findByRole('region', { name: TITLE });
}

describe('PushSettings ("Mon espace", Web Push)', () => {
  afterEach(() => {
    // jsdom has no service worker: leave none behind for the next file of this worker.
    Reflect.deleteProperty(navigator, 'serviceWorker');
    localStorage.clear();
  });

  it('subscribes this browser only when asked, with every category, then lists it as this device', async () => {
    const { pushManager } = stubBrowserPush();
    const { requestsTo } = mockPush([]);
    const { user } = renderApp('/moi');

    const section = await pushSection();
    const button = await within(section).findByRole('button', { name: 'Recevoir les notifications sur cet appareil' });
    expect(Notification.requestPermission).not.toHaveBeenCalled(); // no prompt before the button
    await user.clear(within(section).getByLabelText('Nom de cet appareil'));
    await user.type(within(section).getByLabelText('Nom de cet appareil'), 'Téléphone de Claire');
    await user.click(button);

    expect(await within(section).findByRole('group', { name: 'Téléphone de Claire (cet appareil)' })).toBeInTheDocument();
    expect(pushManager.subscribe).toHaveBeenCalledOnce();
    const [post] = requestsTo('POST', SUBSCRIPTIONS);
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      endpoint: ENDPOINT,
      keys: { p256dh: 'BPubKey', auth: 'secret' },
      label: 'Téléphone de Claire',
      categories: ALL,
    });
    expect(within(section).queryByRole('button', { name: /Recevoir les notifications/ })).not.toBeInTheDocument();
  });

  it('says so when the person declines the browser’s prompt, and subscribes nothing', async () => {
    const { pushManager } = stubBrowserPush({ permission: 'denied' });
    const { requestsTo } = mockPush([]);
    const { user } = renderApp('/moi');

    const section = await pushSection();
    await user.click(await within(section).findByRole('button', { name: 'Recevoir les notifications sur cet appareil' }));

    expect(await within(section).findByRole('alert')).toHaveTextContent('Vous avez refusé les notifications');
    expect(pushManager.subscribe).not.toHaveBeenCalled();
    expect(requestsTo('POST', SUBSCRIPTIONS)).toEqual([]);
  });

  it('turns a category off for one device, and forgets this device', async () => {
    const { unsubscribe } = stubBrowserPush();
    const { requestsTo } = mockPush([], {
      [`PUT ${SUBSCRIPTIONS}7/`]: async (request) =>
        json(200, { id: 7, label: 'Tablette', categories: ((await request.json()) as { categories: string[] }).categories, created_at: '2026-12-06T10:00:00+01:00', last_sent_at: null }),
    });
    const { user } = renderApp('/moi');
    const section = await pushSection();
    await user.click(await within(section).findByRole('button', { name: 'Recevoir les notifications sur cet appareil' }));
    const device = await within(section).findByRole('group', { name: 'Ce navigateur (cet appareil)' });

    await user.click(within(device).getByRole('checkbox', { name: 'Devoirs donnés' }));
    const [put] = requestsTo('PUT', `${SUBSCRIPTIONS}7/`);
    expect(JSON.parse(put?.body ?? '{}')).toEqual({ categories: ALL.filter((c) => c !== 'homework') });

    await user.click(within(device).getByRole('button', { name: 'Ne plus notifier cet appareil' }));
    expect(await within(section).findByRole('button', { name: 'Recevoir les notifications sur cet appareil' })).toBeInTheDocument();
    expect(requestsTo('DELETE', `${SUBSCRIPTIONS}7/`)).toHaveLength(1);
    expect(unsubscribe).toHaveBeenCalledOnce();
  });

  it('signing out stops this device’s notifications', async () => {
    const { unsubscribe } = stubBrowserPush();
    const { requestsTo } = mockPush([], {
      'POST /api/v1/accounts/logout/': () => new Response(null, { status: 204 }),
    });
    const { user } = renderApp('/moi');
    const section = await pushSection();
    await user.click(await within(section).findByRole('button', { name: 'Recevoir les notifications sur cet appareil' }));
    await within(section).findByRole('group', { name: 'Ce navigateur (cet appareil)' });

    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }));

    await vi.waitFor(() => expect(requestsTo('POST', '/api/v1/accounts/logout/')).toHaveLength(1));
    expect(requestsTo('DELETE', `${SUBSCRIPTIONS}7/`)).toHaveLength(1);
    expect(unsubscribe).toHaveBeenCalledOnce();
  });

  it('says when this Préau does not send notifications', async () => {
    mockPush([], { [`GET ${PUSH}`]: () => json(200, { enabled: false, application_server_key: '', subscriptions: [] }) });
    renderApp('/moi');
    expect(await within(await pushSection()).findByText('Les notifications ne sont pas activées sur ce Préau.')).toBeInTheDocument();
  });
});
