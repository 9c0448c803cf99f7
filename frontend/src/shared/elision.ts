/**
 * French elision before a name or a word: "d’Axel", not "de Axel"; "l’école"; "qu’Inès".
 *
 * The rule (the one French typography applies to given names and common words):
 * - the particle loses its vowel (de → d’, le/la → l’, que → qu’, je → j’, ne → n’,
 *   se → s’, me → m’, te → t’) before a word starting with a vowel, accented or not
 *   (a, e, i, o, u, à, â, é, è, ê, ë, î, ï, ô, ù, û, ü, œ, æ): d’Axel, d’Émile, qu’Inès;
 * - and before an H: given names take the mute h (d’Hugo, d’Hélène, d’Henri), as do the
 *   school's words (l’heure, l’histoire). The few common words with an aspirated h
 *   (le hibou, la halte) are not written with a placeholder in the app;
 * - before a Y, only when a consonant follows (d’Yves, d’Yvonne); a Y followed by a vowel
 *   is a consonant (de Yanis, de Yasmine);
 * - never before a consonant, a digit or an empty name (de CE1 A, de Zoé).
 * The apostrophe is the typographic one (’), as everywhere in the app's French.
 */

export type ElidingParticle = 'de' | 'le' | 'la' | 'que' | 'je' | 'ne' | 'se' | 'me' | 'te';

const VOWEL = /^[aeiouàâäéèêëîïôöùûüœæ]/i;
const Y_BEFORE_CONSONANT = /^y[^aeiouàâäéèêëîïôöùûüy\s]/i;

/** Whether a word starts with the sound that makes "de", "le", "que"… elide. */
export function takesElision(word: string): boolean {
  const start = word.trimStart().normalize('NFC');
  return VOWEL.test(start) || /^h/i.test(start) || Y_BEFORE_CONSONANT.test(start);
}

/** The particle and the word, elided when the word asks for it: `elide('de', 'Axel')` → "d’Axel". */
export function elide(particle: ElidingParticle, word: string): string {
  const text = word.trim();
  if (!takesElision(text)) return `${particle} ${text}`;
  const elided = particle === 'la' ? 'l' : particle.slice(0, -1);
  return `${elided}’${text}`;
}

/**
 * The i18next formatters of the French strings: `"Bilan {{name, de}}"` writes "Bilan d’Axel"
 * or "Bilan de Léa". English strings write their own words and do not use them.
 */
export const ELISION_FORMATTERS = ['de', 'le', 'la', 'que'] as const satisfies readonly ElidingParticle[];
