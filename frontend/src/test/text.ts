/**
 * French times are written with non-breaking spaces ("8 h 30" never splits). Accessible
 * names keep them: `nbsp('Lundi 8 h 30 – 10 h')` writes a test's expected name the same way.
 */
export function nbsp(text: string): string {
  return text.replace(/(\d+) h(?: (\d\d))?/g, (_match, hours: string, minutes?: string) =>
    minutes ? `${hours}\u00a0h\u00a0${minutes}` : `${hours}\u00a0h`,
  );
}
