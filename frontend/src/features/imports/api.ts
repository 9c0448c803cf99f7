import { getCsrfToken, CSRF_HEADER_NAME } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import { apiErrorFromResponse, networkError } from '../../api/errors';
import type { OndePreview, OndeSummary } from '../../api/types';

export type OndeStep = 'preview' | 'apply';

export interface OndeFiles {
  pupils: File;
  guardians: File;
}

/** Where a request is: sending the files (with a percentage when the browser knows it), then waiting for the server. */
export type UploadProgress = { phase: 'uploading'; percent: number | null } | { phase: 'processing' };

type StepResult<S extends OndeStep> = S extends 'preview' ? OndePreview : OndeSummary;

export const ondePath = (schoolId: number, step: OndeStep) =>
  `/api/v1/imports/schools/${schoolId}/onde/${step}/`;

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * POST the two ONDE exports (multipart, as the generated contract describes) to the
 * preview or apply endpoint. XMLHttpRequest rather than fetch: only it reports upload
 * progress, which the director needs for a large school's files.
 */
export async function uploadOnde<S extends OndeStep>(
  schoolId: number,
  step: S,
  files: OndeFiles,
  onProgress: (progress: UploadProgress) => void = () => undefined,
): Promise<StepResult<S>> {
  await ensureCsrfToken();
  const body = new FormData();
  body.append('pupils', files.pupils);
  body.append('guardians', files.guardians);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', ondePath(schoolId, step));
    request.withCredentials = true;
    request.setRequestHeader('Accept', 'application/json');
    const token = getCsrfToken();
    if (token) request.setRequestHeader(CSRF_HEADER_NAME, token);
    onProgress({ phase: 'uploading', percent: 0 });
    request.upload.addEventListener('progress', (event) => {
      onProgress({
        phase: 'uploading',
        percent: event.lengthComputable && event.total > 0 ? Math.round((event.loaded / event.total) * 100) : null,
      });
    });
    // Sent: the server now reads the files and builds the plan.
    request.upload.addEventListener('load', () => onProgress({ phase: 'processing' }));
    request.addEventListener('load', () => {
      const parsed = parseBody(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        resolve(parsed as StepResult<S>);
        return;
      }
      const retryAfter = request.getResponseHeader('Retry-After');
      const response = new Response(null, {
        status: request.status,
        headers: retryAfter ? { 'Retry-After': retryAfter } : {},
      });
      reject(apiErrorFromResponse(response, parsed));
    });
    request.addEventListener('error', () => reject(networkError(new Error('upload failed'))));
    request.addEventListener('abort', () => reject(networkError(new Error('upload aborted'))));
    request.send(body);
  });
}
