import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import { h } from './dom.js';
import type { Locale, Texts } from './i18n.js';
import { paperclip } from './icons.js';
import { isRecord, list, text } from './values.js';

/** The file the bot asked for: one of these types, at most this many bytes. */
export interface FileRequest {
  accept: string[];
  maxBytes: number;
}

/** A file the citizen chose, read into a `data:` URL for the widget protocol. */
export interface PickedFile {
  name: string;
  contentType: string;
  dataUrl: string;
}

/** The protocol's limit on file names. */
const MAX_NAME_LENGTH = 200;

/**
 * The "upload a file" button of the composer, shown while the bot's latest message asks for a file. A real button
 * opens a visually hidden file input; size and type are checked here so the citizen hears at once what is wrong
 * (the server checks again, by the file's bytes).
 */
export class FilePicker {
  readonly button: HTMLButtonElement;
  readonly input: HTMLInputElement;
  /** Says what was wrong with the chosen file; a live region, so it stays in the DOM. */
  readonly error: HTMLElement;
  private request: FileRequest | undefined;

  constructor(
    private readonly texts: Texts,
    private readonly locale: Locale,
    private readonly onFile: (file: PickedFile) => void,
  ) {
    this.button = h(
      'button',
      { type: 'button', class: 'upload', hidden: true, 'data-testid': 'govbot-upload' },
      paperclip(),
      texts.upload,
    );
    // Out of the tab order and hidden from screen readers: the button is the one control for it.
    this.input = h('input', {
      type: 'file',
      class: 'sr-only',
      tabindex: -1,
      'aria-hidden': 'true',
      'data-testid': 'govbot-file-input',
    });
    this.error = h('p', { class: 'upload-error', role: 'alert', 'data-testid': 'govbot-upload-error' });
    this.button.addEventListener('click', () => this.input.click());
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      // Cleared so that choosing the same file again (after an error) is a change too.
      this.input.value = '';
      if (file) this.check(file);
    });
  }

  /** Shows the button for a request, hides it without one; either way an old error goes. */
  setRequest(request: FileRequest | undefined): void {
    this.request = request;
    this.error.replaceChildren();
    this.input.accept = request?.accept.join(',') ?? '';
    this.button.hidden = !request;
  }

  private check(file: File): void {
    const request = this.request;
    if (!request) return;
    const problem = this.problemWith(file, request);
    this.error.replaceChildren(problem ?? '');
    if (problem) return;
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      if (typeof reader.result !== 'string') {
        this.error.replaceChildren(this.texts.fileUnreadable);
        return;
      }
      this.onFile({
        name: file.name.slice(0, MAX_NAME_LENGTH),
        contentType: file.type || 'application/octet-stream',
        dataUrl: reader.result,
      });
    });
    reader.addEventListener('error', () => this.error.replaceChildren(this.texts.fileUnreadable));
    reader.readAsDataURL(file);
  }

  private problemWith(file: File, request: FileRequest): string | undefined {
    // A type the browser does not know ("") goes to the server, which reads it from the bytes.
    if (file.type && request.accept.length && !request.accept.includes(file.type)) {
      const types = new Intl.ListFormat(this.locale, { type: 'disjunction' }).format(request.accept.map(typeLabel));
      return this.texts.fileType(types);
    }
    if (file.size > request.maxBytes) return this.texts.fileTooLarge(formatBytes(request.maxBytes, this.locale));
    return undefined;
  }
}

/** The file request in a bot message (`channelData.govbot.expect`), if it asks for a file. */
export function fileRequestOf(activity: ServerActivity): FileRequest | undefined {
  const expected: unknown = activity.channelData?.govbot?.expect;
  if (!isRecord(expected) || expected.kind !== 'file') return undefined;
  const maxBytes = expected.maxBytes;
  if (typeof maxBytes !== 'number' || !(maxBytes > 0)) return undefined;
  return { accept: list(expected.accept).flatMap((type) => text(type) ?? []), maxBytes };
}

/** What the citizen sees in the transcript for a message of theirs that carried files (names, no data). */
export function fileNames(activity: ServerActivity): string | undefined {
  const names = (activity.attachments ?? []).flatMap((attachment) => text(attachment.name) ?? []);
  return names.length ? names.map((name) => `📎 ${name}`).join('\n') : undefined;
}

/** `application/pdf` → `PDF`, `image/jpeg` → `JPEG`. */
function typeLabel(contentType: string): string {
  return (contentType.split('/').pop() ?? contentType).toUpperCase();
}

function formatBytes(bytes: number, locale: Locale): string {
  const megabytes = bytes / (1024 * 1024);
  const format = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 });
  return megabytes >= 1 ? `${format.format(megabytes)} MB` : `${format.format(bytes / 1024)} KB`;
}
