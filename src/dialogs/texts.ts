import type { Language } from '../catalogue/schema.js';

/** What form dialogs say besides the dialog files' own texts, in German and English. */
export interface FormTexts {
  /** Why an answer was not used, by reason code (see `parseAnswer`); `{example}` is shown after it. */
  problems: Record<string, string>;
  problemFallback: string;
  example(example: string): string;
  offerHuman: string;
  yes: string;
  no: string;
  skip: string;
  back: string;
  cancel: string;
  keepGoing: string;
  reallyCancel: string;
  cancelled: string;
  restart: string;
  submit: string;
  change(label: string): string;
  addItem(label: string): string;
  checkAnswers: string;
  summaryTitle(title: string): string;
  recipients(names: string): string;
  copiesTo(names: string): string;
  submitQuestion: string;
  whatToChange: string;
  skipped: string;
  changed(label: string, value: string): string;
  whichValue(label: string): string;
  continueWith: string;
  resumeDraft(title: string): string;
  otherDraft(title: string): string;
  continueDraft(title: string): string;
  discardAndStart(title: string): string;
  exitActions: { change: string };
  submitted(reference: string): string;
  receipt: string;
  receiptDownload: string;
  alreadySubmitted(reference: string): string;
  submitFailed: string;
  needsTrust(title: string): string;
  fileHint(types: string, megabytes: string): string;
  applyInChat: string;
  itemHeading(label: string): string;
}

const DE: FormTexts = {
  problems: {
    not_a_date: 'Das habe ich nicht als Datum erkannt.',
    date_in_past: 'Das Datum liegt in der Vergangenheit; bitte nennen Sie ein Datum ab heute.',
    date_in_future: 'Das Datum liegt in der Zukunft; bitte nennen Sie ein Datum bis heute.',
    not_a_vehicle_plate: 'Das ist kein gültiges deutsches Kennzeichen.',
    not_an_email: 'Das ist keine gültige E-Mail-Adresse.',
    not_a_phone_number: 'Das ist keine gültige Telefonnummer.',
    not_an_iban: 'Das habe ich nicht als IBAN erkannt.',
    iban_checksum: 'Die Prüfziffer der IBAN stimmt nicht – vermutlich ist eine Ziffer vertauscht oder falsch.',
    iban_length: 'Die IBAN hat nicht die richtige Länge (eine deutsche IBAN hat 22 Zeichen).',
    iban_format: 'Die IBAN ist nicht richtig aufgebaut.',
    not_an_address: 'Das habe ich nicht als Anschrift erkannt; ich brauche Straße und Hausnummer.',
    not_a_number: 'Das habe ich nicht als Zahl erkannt.',
    not_an_amount: 'Das habe ich nicht als Betrag erkannt.',
    not_an_integer: 'Bitte nennen Sie eine ganze Zahl.',
    too_small: 'Die Zahl ist zu klein.',
    too_large: 'Die Zahl ist zu groß.',
    too_short: 'Die Antwort ist zu kurz.',
    too_long: 'Die Antwort ist zu lang.',
    pattern: 'Die Angabe hat nicht das erwartete Format.',
    unknown_option: 'Bitte wählen Sie eine der angebotenen Möglichkeiten.',
    ambiguous: 'Das war nicht eindeutig – bitte nennen Sie nur eine Angabe.',
    not_yes_no: 'Bitte antworten Sie mit Ja oder Nein.',
    not_a_name: 'Das habe ich nicht als Namen erkannt; ich brauche Vor- und Nachnamen.',
    file_expected: 'Hier brauche ich eine Datei.',
    upload_too_large: 'Die Datei ist zu groß.',
    upload_unsupported_type: 'Diese Dateiart kann ich nicht annehmen.',
    upload_too_many: 'Bitte senden Sie nur eine Datei auf einmal.',
    upload_unreadable: 'Die Datei konnte nicht gelesen werden.',
    upload_not_allowed_here: 'Über diesen Kanal kann ich leider keine Dateien annehmen.',
    file_not_expected: 'Hier brauche ich keine Datei, sondern eine Antwort als Text.',
    not_optional: 'Diese Angabe ist nötig und kann nicht übersprungen werden.',
  },
  problemFallback: 'Diese Antwort kann ich hier nicht verwenden.',
  example: (example) => `Zum Beispiel: ${example}`,
  offerHuman:
    'Es klappt gerade nicht? Gern verbinde ich Sie mit einem Menschen aus dem Service-Center, oder Sie rufen die Behördennummer **115** an. Ihre bisherigen Angaben bleiben gespeichert.',
  yes: 'Ja',
  no: 'Nein',
  skip: 'Überspringen',
  back: 'Zurück',
  cancel: 'Antrag abbrechen',
  keepGoing: 'Nein, weitermachen',
  reallyCancel: 'Möchten Sie den Antrag wirklich abbrechen? Ihre bisherigen Angaben werden dann gelöscht.',
  cancelled: 'Ich habe den Antrag abgebrochen und Ihre Angaben gelöscht. Kann ich sonst noch helfen?',
  restart: 'Neu beginnen',
  submit: 'Verbindlich absenden',
  change: (label) => `Ändern: ${label}`,
  addItem: (label) => `Hinzufügen: ${label}`,
  checkAnswers: 'Bitte prüfen Sie Ihre Angaben.',
  summaryTitle: (title) => `Zusammenfassung: ${title}`,
  recipients: (names) => `Ihr Antrag geht an: ${names}.`,
  copiesTo: (names) => `Eine Kopie erhalten: ${names}.`,
  submitQuestion: 'Stimmt alles? Dann senden Sie den Antrag jetzt ab, oder ändern Sie eine Angabe.',
  whatToChange:
    'Was möchten Sie ändern? Wählen Sie die Angabe, oder schreiben Sie zum Beispiel „die E-Mail-Adresse ist falsch“.',
  skipped: '(keine Angabe)',
  changed: (label, value) => `Ich habe „${label}“ geändert: ${value}.`,
  whichValue: (label) => `Gern. Was ist bei „${label}“ richtig?`,
  continueWith: 'Weiter mit Ihrem Antrag:',
  resumeDraft: (title) => `Sie haben einen angefangenen Antrag „${title}“. Hier geht es weiter:`,
  otherDraft: (title) =>
    `Sie haben noch einen angefangenen Antrag „${title}“. Möchten Sie ihn fortsetzen oder verwerfen?`,
  continueDraft: (title) => `Weiter mit „${title}“`,
  discardAndStart: (title) => `Verwerfen und „${title}“ beginnen`,
  exitActions: { change: 'Angabe ändern' },
  submitted: (reference) =>
    `Vielen Dank! Ihr Antrag ist eingegangen. Ihre Vorgangsnummer lautet **${reference}** – bitte geben Sie sie bei Rückfragen an.`,
  receipt: 'Eingangsbestätigung ansehen',
  receiptDownload: 'Eingangsbestätigung herunterladen',
  alreadySubmitted: (reference) => `Dieser Antrag ist bereits abgesendet (Vorgangsnummer **${reference}**).`,
  submitFailed:
    'Ihr Antrag konnte gerade nicht gespeichert werden. Ihre Angaben bleiben erhalten – bitte versuchen Sie es in einem Moment noch einmal.',
  needsTrust: (title) =>
    `Für „${title}“ ist ein Identitätsnachweis nötig (zum Beispiel mit der Online-Ausweisfunktion), den dieser Chat nicht leisten kann. Bitte nutzen Sie den Online-Dienst oder kommen Sie in die zuständige Stelle.`,
  fileHint: (types, megabytes) =>
    `Erlaubt: ${types}, höchstens ${megabytes} MB. Im Chatfenster nutzen Sie dafür die Schaltfläche „Datei hochladen“.`,
  applyInChat: 'Jetzt im Chat beantragen',
  itemHeading: (label) => `${label}:`,
};

const EN: FormTexts = {
  problems: {
    not_a_date: 'I did not recognise that as a date.',
    date_in_past: 'That date is in the past; please give a date from today on.',
    date_in_future: 'That date is in the future; please give a date up to today.',
    not_a_vehicle_plate: 'That is not a valid German number plate.',
    not_an_email: 'That is not a valid e-mail address.',
    not_a_phone_number: 'That is not a valid phone number.',
    not_an_iban: 'I did not recognise that as an IBAN.',
    iban_checksum: 'The IBAN check digits do not match – probably a digit is wrong or swapped.',
    iban_length: 'The IBAN does not have the right length (a German IBAN has 22 characters).',
    iban_format: 'The IBAN is not formed correctly.',
    not_an_address: 'I did not recognise that as an address; I need the street and house number.',
    not_a_number: 'I did not recognise that as a number.',
    not_an_amount: 'I did not recognise that as an amount.',
    not_an_integer: 'Please give a whole number.',
    too_small: 'That number is too small.',
    too_large: 'That number is too large.',
    too_short: 'That answer is too short.',
    too_long: 'That answer is too long.',
    pattern: 'That does not have the expected format.',
    unknown_option: 'Please choose one of the options offered.',
    ambiguous: 'That was not clear – please give only one answer.',
    not_yes_no: 'Please answer yes or no.',
    not_a_name: 'I did not recognise that as a name; I need the first and last name.',
    file_expected: 'I need a file here.',
    upload_too_large: 'The file is too large.',
    upload_unsupported_type: 'I cannot accept this type of file.',
    upload_too_many: 'Please send one file at a time.',
    upload_unreadable: 'The file could not be read.',
    upload_not_allowed_here: 'Sorry, I cannot accept files on this channel.',
    file_not_expected: 'I do not need a file here but an answer as text.',
    not_optional: 'This is needed and cannot be skipped.',
  },
  problemFallback: 'I cannot use that answer here.',
  example: (example) => `For example: ${example}`,
  offerHuman:
    'Not working? I can connect you with a person from the service centre, or call the public service number **115**. Your answers so far are kept.',
  yes: 'Yes',
  no: 'No',
  skip: 'Skip',
  back: 'Back',
  cancel: 'Cancel application',
  keepGoing: 'No, continue',
  reallyCancel: 'Do you really want to cancel the application? Your answers so far will be deleted.',
  cancelled: 'I have cancelled the application and deleted your answers. Can I help with anything else?',
  restart: 'Start again',
  submit: 'Submit',
  change: (label) => `Change: ${label}`,
  addItem: (label) => `Add: ${label}`,
  checkAnswers: 'Please check your answers.',
  summaryTitle: (title) => `Summary: ${title}`,
  recipients: (names) => `Your application goes to: ${names}.`,
  copiesTo: (names) => `A copy goes to: ${names}.`,
  submitQuestion: 'Is everything correct? Then submit the application now, or change an answer.',
  whatToChange: 'What would you like to change? Choose the answer, or write for example "the e-mail address is wrong".',
  skipped: '(not given)',
  changed: (label, value) => `I have changed "${label}": ${value}.`,
  whichValue: (label) => `Sure. What is correct for "${label}"?`,
  continueWith: 'Back to your application:',
  resumeDraft: (title) => `You have an unfinished application "${title}". Let's continue:`,
  otherDraft: (title) =>
    `You still have an unfinished application "${title}". Would you like to continue or discard it?`,
  continueDraft: (title) => `Continue "${title}"`,
  discardAndStart: (title) => `Discard and start "${title}"`,
  exitActions: { change: 'Change my answer' },
  submitted: (reference) =>
    `Thank you! Your application has been received. Your reference number is **${reference}** – please quote it with any questions.`,
  receipt: 'View confirmation of receipt',
  receiptDownload: 'Download confirmation of receipt',
  alreadySubmitted: (reference) => `This application has already been submitted (reference **${reference}**).`,
  submitFailed: 'Your application could not be saved just now. Your answers are kept – please try again in a moment.',
  needsTrust: (title) =>
    `"${title}" needs proof of identity (for example with the online ID function), which this chat cannot provide. Please use the online service or visit the responsible office.`,
  fileHint: (types, megabytes) =>
    `Allowed: ${types}, at most ${megabytes} MB. In the chat window use the "Upload a file" button.`,
  applyInChat: 'Apply here in the chat',
  itemHeading: (label) => `${label}:`,
};

export const FORM_TEXTS: Record<Language, FormTexts> = { de: DE, en: EN };
