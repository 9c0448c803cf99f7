import classes from './ClassCards.module.css';

/** One of the nine pictures a card is made of (its image is served by the API). */
export interface CardPicture<K extends string = string> {
  key: K;
  label: string;
  url: string;
}

interface PictureGridProps<K extends string> {
  pictures: readonly CardPicture<K>[];
  chosen: readonly K[];
  onToggle: (key: K) => void;
  /** While the two pictures are sent: nothing more to tap. */
  disabled?: boolean;
  /** The accessible name of the group (the question asked). */
  label: string;
}

/**
 * The nine pictures, three by three, each a big toggle button named by its word (« chat »,
 * « soleil »…, pressed or not): a child taps two of them. A chosen picture has a thick edge
 * and a tick.
 */
export function PictureGrid<K extends string>({ pictures, chosen, onToggle, disabled = false, label }: PictureGridProps<K>) {
  return (
    <ul className={classes.pictures} aria-label={label}>
      {pictures.map((picture) => {
        const pressed = chosen.includes(picture.key);
        return (
          <li key={picture.key}>
            <button
              type="button"
              className={classes.picture}
              aria-pressed={pressed}
              disabled={disabled}
              onClick={() => onToggle(picture.key)}
            >
              <img src={picture.url} alt="" width={96} height={96} />
              <span>
                {pressed && (
                  <span className={classes.tick} aria-hidden="true">
                    ✓{' '}
                  </span>
                )}
                {picture.label}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The chosen pictures after a tap on `key`: added (two at most), or taken back. */
export function toggled<K extends string>(chosen: readonly K[], key: K): K[] {
  if (chosen.includes(key)) return chosen.filter((other) => other !== key);
  return chosen.length >= 2 ? [...chosen] : [...chosen, key];
}
