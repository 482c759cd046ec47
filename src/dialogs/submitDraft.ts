import type { ApplicationSubmission } from '../applications/types.js';
import type { OutgoingMessage } from '../bot/messages.js';
import { localize } from '../catalogue/schema.js';
import { DEFAULT_TENANT } from '../tenants/types.js';
import { UploadReference } from '../uploads/attachments.js';
import type { CompiledDialog } from './CompiledDialog.js';
import type { Draft } from './Draft.js';
import type { FormSteps } from './FormSteps.js';
import type { FormDialogsOptions, FormReply, FormTurn, SubmitReceipt } from './formTypes.js';
import { profileOf } from './Profile.js';
import { computeValues, recipientsOf, summaryLines } from './summary.js';
import { FORM_TEXTS } from './texts.js';
import { activeAnswers, activeValues, serviceBinding } from './walkDialog.js';

/**
 * Submits a draft that has reached its summary: the application (answers of questions still asked, computed values,
 * the summary in German and in the citizen's language, attachments, recipients) is handed to `options.submit`; the
 * citizen gets the reference number, the summary and the receipt links. When storing fails the draft is kept.
 */
export async function submitDraft(
  dialog: CompiledDialog,
  draft: Draft,
  turn: FormTurn,
  steps: FormSteps,
  options: Pick<FormDialogsOptions, 'submit' | 'leikaOf' | 'recipients'>,
): Promise<FormReply> {
  const texts = FORM_TEXTS[turn.lang];
  const checked = await steps.advance(dialog, structuredClone(draft), turn, []);
  if (checked.draft?.pending.kind !== 'summary') return checked;
  const { definition } = dialog;
  const answers = await summaryLines(dialog, draft, 'de');
  const serviceId = await serviceOf(dialog, draft);
  const tenantId = turn.tenantId ?? DEFAULT_TENANT;
  const submission: ApplicationSubmission = {
    tenantId,
    submissionKey: draft.submissionKey,
    dialogId: dialog.id,
    dialogFingerprint: dialog.fingerprint,
    serviceId,
    leika: options.leikaOf(serviceId),
    referencePrefix: definition.referencePrefix,
    conversationId: turn.conversationId,
    lang: turn.lang,
    values: await activeValues(dialog, draft),
    computed: await computeValues(dialog, draft),
    summary: answers,
    citizenSummary: turn.lang === 'de' ? answers : await summaryLines(dialog, draft, turn.lang),
    title: { de: definition.title.de, citizen: localize(definition.title, turn.lang) },
    attachments: await attachmentsOf(dialog, draft),
    // Each to its delivery: the tenant's own recipient where it has one.
    recipients: (await recipientsOf(dialog, draft)).map((recipient) => ({
      ...recipient,
      id: options.recipients.deliveryId(tenantId, recipient.id),
    })),
  };
  let receipt: SubmitReceipt;
  try {
    receipt = await options.submit(submission);
  } catch {
    return {
      draft,
      messages: [
        { text: texts.submitFailed, choices: [{ title: texts.submit, value: { action: 'form', op: 'submit' } }] },
      ],
    };
  }
  const links = [
    ...(receipt.receiptUrl ? [{ title: texts.receipt, url: receipt.receiptUrl }] : []),
    ...(receipt.downloadUrl ? [{ title: texts.receiptDownload, url: receipt.downloadUrl }] : []),
  ];
  const message: OutgoingMessage = {
    text: texts.submitted(receipt.reference),
    card: {
      title: submission.title.citizen,
      subtitle: receipt.reference,
      summary: localize(definition.nextSteps, turn.lang),
      facts: submission.citizenSummary.map((line) => ({ label: line.label, value: line.value })),
      lists: [],
      blocks: [],
      links,
    },
    channelData: { dialog: { id: dialog.id, state: 'submitted' } },
  };
  return {
    draft: undefined,
    messages: [message],
    submitted: { reference: receipt.reference, profile: await profileOf(dialog, draft) },
  };
}

async function attachmentsOf(dialog: CompiledDialog, draft: Draft): Promise<ApplicationSubmission['attachments']> {
  const attachments: ApplicationSubmission['attachments'] = [];
  for (const answer of await activeAnswers(dialog, draft)) {
    const file = UploadReference.safeParse(answer.value);
    if (answer.field.type !== 'file' || !file.success) continue;
    const { uploadId, name, contentType, size, sha256 } = file.data;
    attachments.push({ path: answer.path, uploadId, name, contentType, size, sha256 });
  }
  return attachments;
}

/** The catalogue entry the application is for: from the answers (`serviceFrom`), else the one it was started from. */
async function serviceOf(dialog: CompiledDialog, draft: Draft): Promise<string> {
  const { serviceFrom, services } = dialog.definition;
  if (serviceFrom === undefined) return draft.serviceId;
  const answers = await activeValues(dialog, draft);
  const chosen = await dialog.expression(serviceFrom).evaluate(answers, serviceBinding(draft));
  return typeof chosen === 'string' && services.includes(chosen) ? chosen : draft.serviceId;
}
