/** "12,3 ko", "1,2 Mo" (French) or "12.3 kB", "1.2 MB" (English). */
export function formatFileSize(bytes: number, language: string): string {
  const unit = bytes >= 1024 * 1024 ? 'megabyte' : 'kilobyte';
  const value = unit === 'megabyte' ? bytes / (1024 * 1024) : Math.max(bytes / 1024, 0.1);
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** An ISO date ("2020-06-05") as the director reads it ("05/06/2020"). */
export function formatBirthDate(value: string | null, language: string): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(`${value}T00:00:00`),
  );
}
