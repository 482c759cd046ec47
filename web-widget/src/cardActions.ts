import { externalLink, h, safeUrl } from './dom.js';
import { isRecord, text } from './values.js';

/** What a click on a card button or suggested action sends; `display` is shown in the transcript. */
export interface Submission {
  text?: string;
  value?: unknown;
  display: string;
}

/** What card renderers need from the widget. */
export interface RenderContext {
  newWindowHint: string;
  submit(submission: Submission): void;
}

/**
 * Renders a Bot Framework CardAction (hero card button or suggested action): openUrl becomes a link,
 * imBack/postBack/messageBack a button. Unknown or unusable actions are left out.
 */
export function renderCardAction(action: unknown, context: RenderContext, className: string): HTMLElement | undefined {
  if (!isRecord(action)) return undefined;
  const title =
    text(action.title) ?? text(action.text) ?? (typeof action.value === 'string' ? action.value : undefined);
  if (!title) return undefined;
  const type = text(action.type)?.toLowerCase();
  if (type === 'openurl' || type === 'call') {
    const url = safeUrl(action.value);
    if (!url) return undefined;
    const link = externalLink(url, context.newWindowHint, title);
    link.className = className;
    return link;
  }
  const submission = cardActionSubmission(type, action, title);
  if (!submission) return undefined;
  return actionButton(title, className, () => context.submit(submission));
}

/** A real button that runs `onClick`; used for every clickable action in the widget. */
export function actionButton(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: className }, label);
  button.addEventListener('click', onClick);
  return button;
}

function cardActionSubmission(
  type: string | undefined,
  action: Record<string, unknown>,
  title: string,
): Submission | undefined {
  switch (type) {
    case 'imback': {
      // imBack says the value as if the user had typed it.
      const said = typeof action.value === 'string' ? action.value : title;
      return { text: said, display: said };
    }
    case 'postback':
      return { text: title, value: action.value, display: title };
    case 'messageback': {
      const said = text(action.text);
      return { text: said ?? title, value: action.value, display: text(action.displayText) ?? said ?? title };
    }
    default:
      return undefined;
  }
}
