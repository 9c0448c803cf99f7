import type { ClassCard, ClassDevice, DeviceState, Picture, PictureKey } from '../features/classCards/api';
import type { CardPicture } from '../features/classCards/PictureGrid';

const WORDS: Record<PictureKey, string> = {
  chat: 'Chat',
  soleil: 'Soleil',
  arbre: 'Arbre',
  bateau: 'Bateau',
  pomme: 'Pomme',
  etoile: 'Étoile',
  poisson: 'Poisson',
  maison: 'Maison',
  fleur: 'Fleur',
};

/** The nine pictures as the API lists them. */
export const API_PICTURES: Picture[] = Object.entries(WORDS).map(([key, label]) => ({
  key,
  label_fr: label,
  url: `/static/class_cards/pictures/${key}.svg`,
}));

/** The nine pictures as the grid shows them (in French). */
export const PICTURES: CardPicture<PictureKey>[] = API_PICTURES.map((picture) => ({
  key: picture.key as PictureKey,
  label: picture.label_fr,
  url: picture.url,
}));

export const CLASSROOM_ID = 12;

export function makeDevice(overrides: Partial<ClassDevice> = {}): ClassDevice {
  return {
    id: 4,
    classroom_id: CLASSROOM_ID,
    name: 'Tablette 1',
    enrolled_at: '2026-12-03T08:10:00+01:00',
    enrolled_by_name: 'Claire Petit',
    revoked_at: null,
    last_used_at: null,
    is_this_device: false,
    ...overrides,
  };
}

/** The state of an enrolled tablet of the CP, during school hours. */
export function makeDeviceState(overrides: Partial<DeviceState> = {}): DeviceState {
  return {
    device: makeDevice({ is_this_device: true }),
    classroom: { id: CLASSROOM_ID, name: 'CP A', school_name: 'École Jules Ferry' },
    cards_open: true,
    closed_reason: '',
    opens_at: '2026-12-03T08:00:00+01:00',
    closes_at: '2026-12-03T17:00:00+01:00',
    pupils: [
      { id: 101, first_name: 'Léa' },
      { id: 102, first_name: 'Hugo' },
      { id: 103, first_name: 'Inès' },
    ],
    pictures: API_PICTURES,
    ...overrides,
  };
}

export function makeCard(overrides: Partial<ClassCard> = {}): ClassCard {
  return {
    pupil_id: 101,
    first_name: 'Léa',
    last_name: 'Martin',
    has_card: true,
    pictures: ['chat', 'fleur'],
    version: 1,
    created_at: '2026-12-01T09:00:00+01:00',
    reset_at: null,
    printed_at: '2026-12-01T09:00:00+01:00',
    signed_in_now: false,
    last_sign_in_at: null,
    last_sign_in_device: null,
    ...overrides,
  };
}
