/**
 * Whether this browser is a class's tablet, as its own page last found it: signing out there
 * (a pupil, or the teacher who enrolled it) opens the class's page again, and the login page
 * links to it. Only a convenience: the device's cookie (HttpOnly) is what the server trusts.
 */
export const CLASS_TABLET_KEY = 'preau.classTablet';

export function rememberClassTablet(enrolled: boolean): void {
  try {
    if (enrolled) window.localStorage.setItem(CLASS_TABLET_KEY, '1');
    else window.localStorage.removeItem(CLASS_TABLET_KEY);
  } catch {
    // Storage refused (a private window): the page is still reached from the menu.
  }
}

export function isClassTablet(): boolean {
  try {
    return window.localStorage.getItem(CLASS_TABLET_KEY) === '1';
  } catch {
    return false;
  }
}
