import type { RecipientDirectory } from '../applications/recipients.js';
import type { ApplicationSubmission } from '../applications/types.js';
import type { OutgoingMessage } from '../bot/messages.js';
import type { Language } from '../catalogue/schema.js';
import type { RejectedUpload, UploadReference } from '../uploads/attachments.js';
import type { CompiledDialog } from './CompiledDialog.js';
import type { Draft } from './Draft.js';
import type { FormAction } from './FormAction.js';
import type { Profile } from './Profile.js';
import type { TrustLevel } from './schema.js';

/** The types around `FormDialogs`: its options, one turn's context, the inputs and the reply. */

export interface SubmitReceipt {
  reference: string;
  duplicate: boolean;
  /** Where the citizen can view and download the receipt. */
  receiptUrl?: string;
  downloadUrl?: string;
}

export interface FormDialogsOptions {
  dialogs: readonly CompiledDialog[];
  /** The installation's recipients and the tenants' own (an application goes to its tenant's). */
  recipients: RecipientDirectory;
  /** Stores the application and queues its deliveries; throws when it could not be stored. */
  submit(submission: ApplicationSubmission): Promise<SubmitReceipt>;
  /** The level of assurance this chat can establish about who the citizen is (eIDAS). */
  chatTrustLevel: TrustLevel;
  /** The LeiKa keys of a catalogue entry, sent with the application. */
  leikaOf(serviceId: string): string[];
  now?: () => Date;
}

/** What a form turn needs to know about the conversation. */
export interface FormTurn {
  lang: Language;
  conversationId: string;
  /** The conversation's municipality (docs/tenants.md); its applications go to its recipients. Default: `default`. */
  tenantId?: string;
  /** What the citizen told earlier dialogs of this conversation, offered as one-tap answers. */
  profile: Profile;
}

export type FormInput =
  | { kind: 'text'; text: string }
  | { kind: 'action'; action: FormAction }
  | { kind: 'upload'; upload: { accepted: UploadReference } | { rejected: RejectedUpload } };

export interface FormReply {
  /** The draft after this turn; undefined when the dialog ended (submitted or cancelled). */
  draft: Draft | undefined;
  messages: OutgoingMessage[];
  /**
   * The message could not be used as an answer. The caller may treat it as a question in between instead (and keep
   * the draft it had); otherwise it sends `messages`, which say what was wrong.
   */
  unusable?: boolean;
  submitted?: { reference: string; profile: Profile };
}
