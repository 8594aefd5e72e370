import { type ApiResult, NetworkError, upload } from './api';
import { h, uid } from './dom';
import type { Attachment, ChecklistItem } from './types';
import { forgetUpload, keepUpload, type QueuedUpload, uploadsFor } from './upload-queue';

/** What a file item needs of the item view. */
export interface FileHost {
  readonly readOnly: boolean;
  /** The signed-in external user's id (their files can be deleted). */
  readonly me: string | undefined;
  call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>>;
  /** The item's answer is now `value`: the confirmed attachments' ids, or null. */
  answered(value: unknown): void;
  /** Shows the item's save state; `retry` is what "Retry", "Retry now" and coming back online run. */
  setState(state: 'saving' | 'saved' | 'unsaved' | 'invalid', message?: string, retry?: () => void): void;
}

type Outcome = 'done' | 'stop' | { refused: string } | { retry: string };

/**
 * What a refusal means for the file: the visit ended (verification over, terms to accept,
 * access revoked: the page shows what follows, and the file waits for the next visit), try again
 * later (the server or the network), or the file itself is refused.
 */
function refusal(answer: { status: number; code: string; message: string }): Outcome {
  if (answer.status === 401 || answer.code === 'TERMS_NOT_ACCEPTED' || answer.code === 'ACCESS_REVOKED') return 'stop';
  if (answer.status >= 500 || answer.status === 429) return { retry: answer.message };
  return { refused: answer.message };
}

/**
 * A photo or signature item: its files (links that download them), a file chooser that opens the
 * camera on phones, and for a signature a pad to sign on. Each file goes through the API's three
 * steps (a presigned URL, the file straight to the bucket, the confirm). A file that cannot go
 * through for want of a connection stays queued, in the browser's storage across reloads, and is
 * resumed from the step it reached, so it lands once; a file the API refuses (type, size, limit)
 * is dropped with the reason.
 */
export function fileField(host: FileHost, base: string, item: ChecklistItem, initial: Attachment[]): HTMLElement {
  const signature = item.response.type === 'signature';
  const maxFiles = item.response.type === 'photo' ? (item.response.maxFiles ?? 5) : 1;
  const attachments = initial.filter((a) => a.status === 'confirmed');
  const queue: QueuedUpload[] = [];
  const place = `${host.me ?? ''}:${base}`;
  let running = false;

  const list = h('ul', { className: 'files' });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const input = h('input', {
    type: 'file',
    id: uid('file'),
    accept: signature ? 'image/png,image/jpeg,image/webp' : 'image/*,application/pdf',
    multiple: !signature && maxFiles > 1,
  });
  // A photo item also gets the phone's camera, straight away (`capture` opens it instead of the
  // file picker, which is why choosing files is a second input); screens without touch hide it.
  const camera = signature
    ? undefined
    : h('input', { type: 'file', id: uid('camera'), accept: 'image/*', attrs: { capture: 'environment' } });
  const inputs = [input, ...(camera ? [camera] : [])];
  const limitHint = h('p', { className: 'hint' });
  const pad = signature && !host.readOnly ? signaturePad((file) => add([file])) : undefined;
  const chooser = h(
    'div',
    { className: 'chooser' },
    pad?.element,
    camera ? h('div', { className: 'camera' }, h('label', { htmlFor: camera.id }, 'Take a photo'), camera) : null,
    h(
      'label',
      { htmlFor: input.id, className: signature ? 'alt-label' : '' },
      signature ? 'Or choose an image of the signature' : `Choose photos or files (up to ${maxFiles})`,
    ),
    input,
  );

  const show = () => {
    list.replaceChildren(
      ...attachments.map((a) => {
        const li = h('li', {}, h('a', { href: a.url, rel: 'noreferrer', target: '_blank' }, a.fileName));
        if (!host.readOnly && a.uploadedBy.kind === 'external' && a.uploadedBy.id === host.me) {
          const remove = h('button', { type: 'button', className: 'link' }, 'Delete');
          remove.setAttribute('aria-label', `Delete ${a.fileName}`);
          remove.addEventListener('click', () => void removeFile(a, remove));
          li.append(' ', remove);
        }
        return li;
      }),
      ...queue.map((q) => h('li', { className: 'queued' }, `${q.file.name} — not uploaded yet`)),
    );
    const full = attachments.length + queue.length >= maxFiles;
    for (const i of inputs) i.disabled = host.readOnly || full;
    // A signed item shows its signature, not the pad; a photo item says why it takes no more.
    chooser.hidden = host.readOnly || (signature && full);
    limitHint.textContent =
      !host.readOnly && !signature && full
        ? `That is ${maxFiles} of ${maxFiles} files: delete one to add another.`
        : '';
  };

  async function attempt(q: QueuedUpload): Promise<Outcome> {
    try {
      if (!q.started || q.started.until < Date.now() + 30_000) {
        q.uploaded = false;
        // A start whose URL is running out is spent: the next one is a new request.
        if (q.started) q.startRequestId = undefined;
        q.startRequestId ??= crypto.randomUUID();
        const started = await host.call<{
          attachment: Attachment & { uploadExpiresAt: string };
          upload: { url: string; headers: Record<string, string> };
        }>('POST', base, {
          fileName: q.file.name || 'photo.jpg',
          contentType: q.file.type || 'application/octet-stream',
          size: q.file.size,
          requestId: q.startRequestId,
        });
        if (!started.ok) return refusal(started);
        const { attachment, upload: to } = started.body;
        q.started = {
          id: attachment.id,
          url: to.url,
          headers: to.headers,
          until: Date.parse(attachment.uploadExpiresAt),
        };
      }
      if (!q.uploaded) {
        if (!(await upload(q.started.url, q.started.headers, q.file))) {
          q.started = undefined;
          q.startRequestId = undefined;
          return { retry: 'the upload was refused; it will be tried again' };
        }
        q.uploaded = true;
        await keepUpload(q);
      }
      const confirmed = await host.call<{ attachment: Attachment; answer: { value: unknown } }>(
        'POST',
        `${base}/${q.started.id}/confirm`,
      );
      if (confirmed.ok) {
        attachments.push(confirmed.body.attachment);
        host.answered(confirmed.body.answer.value);
        return 'done';
      }
      if (confirmed.code === 'UPLOAD_MISSING') {
        q.uploaded = false;
        return { retry: 'the upload did not arrive; it will be sent again' };
      }
      return refusal(confirmed);
    } catch (failure) {
      if (failure instanceof NetworkError)
        return { retry: 'no connection; it will be sent when the connection is back' };
      throw failure;
    }
  }

  /** Sends the queue in order; stops at the first file that must wait for the connection. */
  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    const refusals: string[] = [];
    try {
      while (queue[0]) {
        const q = queue[0];
        host.setState('saving');
        const outcome = await attempt(q);
        if (outcome === 'stop') return;
        if (outcome !== 'done' && 'retry' in outcome) {
          host.setState('unsaved', `${q.file.name}: ${outcome.retry}`, () => void pump());
          return;
        }
        queue.shift();
        await forgetUpload(q.id);
        if (outcome !== 'done') refusals.push(`${q.file.name}: ${outcome.refused}`);
        show();
      }
      if (refusals.length) host.setState('invalid', refusals.join(' '));
      else host.setState('saved');
    } finally {
      running = false;
    }
  }

  function add(files: File[]): void {
    error.textContent = '';
    const room = maxFiles - attachments.length - queue.length;
    if (files.length > room) {
      error.textContent = `This item takes ${maxFiles} ${maxFiles === 1 ? 'file' : 'files'} at most: ${room > 0 ? `only the first ${room} will be sent` : 'delete one first'}.`;
    }
    const added = files.slice(0, Math.max(room, 0)).map((file, i) => ({
      id: crypto.randomUUID(),
      place,
      queuedAt: Date.now() + i,
      file,
    }));
    queue.push(...added);
    show();
    void Promise.all(added.map(keepUpload)).then(pump);
  }

  async function removeFile(attachment: Attachment, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    error.textContent = '';
    const answer = await host.call('DELETE', `${base}/${attachment.id}`).catch((failure) => {
      if (failure instanceof NetworkError) return undefined;
      throw failure;
    });
    button.disabled = false;
    if (!answer) {
      error.textContent = `${attachment.fileName} was not deleted: no connection. Try again.`;
      return;
    }
    if (!answer.ok && answer.status !== 404) {
      error.textContent = answer.message;
      return;
    }
    attachments.splice(attachments.indexOf(attachment), 1);
    host.answered(attachments.length ? attachments.map((a) => a.id) : null);
    show();
    (input.disabled ? list : input).focus();
  }

  for (const i of inputs) {
    i.addEventListener('change', () => {
      const files = [...(i.files ?? [])];
      i.value = '';
      if (files.length) add(files);
    });
  }
  show();
  // Files an earlier visit could not send: shown as waiting, and sent now (a read-only item takes none).
  void uploadsFor(place).then((kept) => {
    if (host.readOnly) return Promise.all(kept.map((k) => forgetUpload(k.id)));
    if (kept.length) {
      queue.push(...kept.filter((k) => !queue.some((q) => q.id === k.id)));
      show();
      void pump();
    }
  });

  const labelId = uid('label');
  return h(
    'fieldset',
    { className: 'files-field', attrs: { 'aria-labelledby': labelId } },
    h('legend', { id: labelId }, item.label, item.required ? h('span', { className: 'required' }, ' (required)') : ''),
    list,
    chooser,
    limitHint,
    error,
  );
}

/**
 * A pad to sign on with a finger, a stylus or the mouse (pointer events); "Use this signature"
 * turns it into a PNG and hands it on. Keyboard and screen-reader users choose an image instead.
 */
function signaturePad(use: (file: File) => void): { element: HTMLElement } {
  const canvas = h('canvas', {
    className: 'signature-pad',
    attrs: { role: 'img', 'aria-label': 'Signature pad: sign here with your finger, a stylus or the mouse' },
  });
  const clear = h('button', { type: 'button', className: 'secondary' }, 'Clear');
  const done = h('button', { type: 'button', className: 'secondary', disabled: true }, 'Use this signature');
  const context = canvas.getContext('2d');
  let last: { x: number; y: number } | undefined;
  let drawn = false;

  const reset = () => {
    const box = canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, box.width, box.height);
    context.lineWidth = 2.5;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#1b1f24';
    drawn = false;
    done.disabled = true;
  };
  const at = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  canvas.addEventListener('pointerdown', (event) => {
    if (!drawn && canvas.width !== Math.round(canvas.getBoundingClientRect().width * (window.devicePixelRatio || 1)))
      reset();
    canvas.setPointerCapture(event.pointerId);
    last = at(event);
    event.preventDefault();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!last || !context) return;
    const next = at(event);
    context.beginPath();
    context.moveTo(last.x, last.y);
    context.lineTo(next.x, next.y);
    context.stroke();
    last = next;
    drawn = true;
    done.disabled = false;
  });
  const lift = () => {
    last = undefined;
  };
  canvas.addEventListener('pointerup', lift);
  canvas.addEventListener('pointercancel', lift);
  clear.addEventListener('click', reset);
  done.addEventListener('click', () => {
    done.disabled = true;
    canvas.toBlob((blob) => {
      if (!blob) return;
      use(new File([blob], 'signature.png', { type: 'image/png' }));
      reset();
    }, 'image/png');
  });
  return { element: h('div', { className: 'signature' }, canvas, h('div', { className: 'actions' }, clear, done)) };
}
