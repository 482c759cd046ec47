import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import type { CitizenClient } from '../support/citizenClient.js';

type DialogState = NonNullable<NonNullable<ServerActivity['channelData']>['govbot']>['dialog'];

/** Where the form dialog stands after a bot message, if it belongs to one. */
export const dialogOf = (activity: ServerActivity): DialogState => activity.channelData?.govbot?.dialog;

/** Sends `text` and returns the first bot message of the answer that belongs to the form (an intro may come first). */
export async function answerForm(citizen: CitizenClient, text: string): Promise<NonNullable<DialogState>> {
  let message = await citizen.ask(text);
  for (let extra = 0; dialogOf(message) === undefined && extra < 3; extra++) message = await citizen.nextMessage();
  const dialog = dialogOf(message);
  if (!dialog) throw new Error(`no form message after "${text}": ${message.text}`);
  return dialog;
}

/**
 * Waits until the server has handled everything the citizen sent before, with its state saved: `history` is answered
 * in the conversation's queue, after the turn whose reply the citizen saw has committed its state. The point to kill
 * at to test that a draft survives.
 */
export async function serverCaughtUp(citizen: CitizenClient): Promise<void> {
  const history = await citizen.history();
  if (!history.ok) throw new Error(`history: ${history.error}`);
}

/** The water meter path of zaehlerstand-melden.yaml, each answer with the field the bot asks for next. */
export const WATER_METER_READING = [
  { answer: 'Ich möchte meinen Wasserzähler melden, Zählernummer 12345678', next: 'customerNumber' },
  { answer: 'Meine Kundennummer lautet 4001234567', next: 'reading' },
  { answer: '873', next: 'readingDate' },
  { answer: 'gestern', next: 'reason' },
  { answer: 'die Jahresablesung', next: 'photo' },
  { answer: 'überspringen', next: 'email' },
  { answer: 'überspringen', next: undefined },
] as const;
