import { Box, Loader, VisuallyHidden } from '@mantine/core';

/**
 * A small loader inside a page, announced by its label. The label is on the status, not on
 * Mantine's Loader: a plain element may not carry `aria-label` (axe's aria-prohibited-attr).
 */
export function InlineLoader({ label }: { label: string }) {
  return (
    <Box component="span" role="status" display="inline-block">
      <Loader size="sm" aria-hidden="true" />
      <VisuallyHidden>{label}</VisuallyHidden>
    </Box>
  );
}
