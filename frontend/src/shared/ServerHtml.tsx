import { Typography } from '@mantine/core';

import classes from './ServerHtml.module.css';

/**
 * Markdown already rendered and sanitised by the server (the API's `*_html` fields, from
 * the one backend renderer: no script, style, image or event handler; links http, https,
 * mailto). The only place the web app inserts raw HTML. Never pass any other text here.
 */
export function ServerHtml({ html, struck = false }: { html: string; struck?: boolean }) {
  if (!html.trim()) return null;
  return (
    <Typography
      className={classes.richText}
      td={struck ? 'line-through' : undefined}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
