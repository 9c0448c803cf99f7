import '@mantine/tiptap/styles.css';

import { Input } from '@mantine/core';
import { RichTextEditor, type RichTextEditorLabels } from '@mantine/tiptap';
import { Markdown } from '@tiptap/markdown';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import classes from './MarkdownEditor.module.css';
import type { MarkdownFieldProps } from './MarkdownField';

/** Link targets the server keeps (its sanitiser drops every other scheme). */
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

/**
 * A text teachers format with a toolbar (bold, italic, lists, links) and that is read and
 * saved as Markdown — the subset the server renders and sanitises. Loaded on demand
 * (`MarkdownField`): the editor is only needed by those who write.
 */
export default function MarkdownEditor({
  label,
  value,
  onChange,
  error,
  required = false,
  minRows = 3,
}: MarkdownFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-description`;
  const errorId = `${id}-error`;
  // The Markdown this editor last sent up: a `value` that differs came from elsewhere
  // (the saved text loaded, the form emptied after sending) and replaces the content.
  const emitted = useRef(value);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const editor = useEditor({
    extensions: [
      // Underline has no Markdown form. Links only through the toolbar (Mantine's Ctrl+K
      // would open the link box of every editor on the page at once).
      StarterKit.configure({
        underline: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          isAllowedUri: (url, { defaultValidate }) => SAFE_LINK.test(url) && defaultValidate(url),
        },
      }),
      Markdown,
    ],
    content: value,
    contentType: 'markdown',
    shouldRerenderOnTransaction: false,
    onUpdate: ({ editor: current }) => {
      const markdown = current.isEmpty ? '' : current.getMarkdown();
      emitted.current = markdown;
      onChangeRef.current(markdown);
    },
  });

  useEffect(() => {
    if (!editor || value === emitted.current) return;
    emitted.current = value;
    editor.commands.setContent(value, { contentType: 'markdown', emitUpdate: false });
  }, [editor, value]);

  // The editable area is the field: named by the label, described by the hint and the error.
  const describedBy = error ? `${errorId} ${hintId}` : hintId;
  useEffect(() => {
    editor?.setOptions({
      editorProps: {
        attributes: {
          id,
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-labelledby': labelId,
          'aria-describedby': describedBy,
          'aria-required': String(required),
          'aria-invalid': String(Boolean(error)),
          class: classes.content ?? '',
          style: `min-height: ${minRows * 1.6}em`,
        },
      },
    });
  }, [editor, id, labelId, describedBy, required, error, minRows]);

  const labels = useMemo<Partial<RichTextEditorLabels>>(
    () => ({
      boldControlLabel: t('richText.bold'),
      italicControlLabel: t('richText.italic'),
      bulletListControlLabel: t('richText.bulletList'),
      orderedListControlLabel: t('richText.orderedList'),
      linkControlLabel: t('richText.link'),
      unlinkControlLabel: t('richText.unlink'),
      undoControlLabel: t('richText.undo'),
      redoControlLabel: t('richText.redo'),
      linkEditorInputLabel: t('richText.linkAddress'),
      linkEditorInputPlaceholder: 'https://…',
      linkEditorSave: t('richText.linkSave'),
      linkEditorExternalLink: t('richText.link'),
      linkEditorInternalLink: t('richText.link'),
    }),
    [t],
  );

  return (
    <Input.Wrapper
      label={label}
      labelElement="div"
      labelProps={{ id: labelId, onClick: () => editor?.commands.focus() }}
      description={t('richText.hint')}
      descriptionProps={{ id: hintId }}
      error={error}
      errorProps={{ id: errorId }}
      required={required}
    >
      <RichTextEditor
        editor={editor}
        labels={labels}
        className={classes.root}
        data-invalid={error ? true : undefined}
        classNames={{ linkEditorExternalControl: classes.hidden }}
      >
        <RichTextEditor.Toolbar role="toolbar" aria-label={t('richText.toolbar')}>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link disableTooltips />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Undo />
            <RichTextEditor.Redo />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
