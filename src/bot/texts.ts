import type { Language } from '../catalogue/schema.js';

/** Everything the bot says that does not come from the catalogue or the corpus, in German and English. */
export interface BotTexts {
  welcome(city: string, privacyUrl: string): string;
  outOfScope(city: string, searchUrl: string): string;
  /** A shared service the municipality does not offer (docs/tenants.md): who else is, through 115. */
  notOffered(title: string, city: string, searchUrl: string): string;
  didYouMean: string;
  /** "Meinten Sie …?" with one service offered (and "none of these"). */
  didYouMeanThis: string;
  noneOfThese: string;
  talkToHuman: string;
  searchCatalogue: string;
  applyOnline: string;
  moreInformation: string;
  costs: string;
  processingTime: string;
  deadlines: string;
  documents: string;
  prerequisites: string;
  office: string;
  openingHours: string;
  phone: string;
  email: string;
  leika: string;
  onlyGerman: string;
  choiceHint: string;
  weekdays: Record<'mo' | 'tu' | 'we' | 'th' | 'fr' | 'sa' | 'su', string>;
  popular: string;
  allInformation: string;
  onlineYes: string;
  aspectUnknown(title: string): string;
}

export const TEXTS: Record<Language, BotTexts> = {
  de: {
    welcome: (city, privacyUrl) =>
      `Guten Tag! Ich bin der digitale Assistent der Stadt ${city}, ein **automatisiertes System** und kein Mensch. ` +
      `Ich beantworte Fragen zu den Leistungen der Stadtverwaltung: Kosten, Unterlagen, zuständige Stellen, Öffnungszeiten und Online-Dienste. ` +
      `Wenn ich nicht weiterhelfen kann, verbinde ich Sie mit dem Service-Center oder nenne Ihnen die Behördennummer 115.\n\n` +
      `Bitte geben Sie keine sensiblen persönlichen Daten ein. [Datenschutzhinweise](${privacyUrl})`,
    outOfScope: (city, searchUrl) =>
      `Das habe ich leider nicht verstanden, oder es gehört nicht zu den Leistungen der Stadt ${city}. ` +
      `Ich bin ein automatisierter Assistent und kenne mich mit Verwaltungsleistungen aus, zum Beispiel Ausweisen, Urkunden, Parkausweisen oder der Gewerbeanmeldung.\n\n` +
      `- Formulieren Sie Ihre Frage gern anders, zum Beispiel „Was kostet ein Reisepass?“\n` +
      `- Suchen Sie im [Leistungskatalog](${searchUrl})\n` +
      `- Rufen Sie die Behördennummer **115** an (Mo–Fr 8–18 Uhr)\n` +
      `- Oder sprechen Sie mit einem Menschen aus unserem Service-Center.`,
    notOffered: (title, city, searchUrl) =>
      `„${title}“ bietet die Stadt ${city} nicht an; dafür ist eine andere Stelle zuständig. ` +
      `Welche, sagt Ihnen die Behördennummer **115** (Mo–Fr 8–18 Uhr).\n\n` +
      `- Was die Stadt ${city} anbietet, finden Sie im [Leistungskatalog](${searchUrl})\n` +
      `- Oder sprechen Sie mit einem Menschen aus unserem Service-Center.`,
    didYouMean: 'Meinten Sie eines davon?',
    didYouMeanThis: 'Meinten Sie das?',
    noneOfThese: 'Nichts davon',
    talkToHuman: 'Mit einem Menschen sprechen',
    searchCatalogue: 'Im Leistungskatalog suchen',
    applyOnline: 'Online beantragen',
    moreInformation: 'Mehr Informationen',
    costs: 'Kosten',
    processingTime: 'Bearbeitungsdauer',
    deadlines: 'Fristen',
    documents: 'Erforderliche Unterlagen',
    prerequisites: 'Voraussetzungen',
    office: 'Zuständige Stelle',
    openingHours: 'Öffnungszeiten',
    phone: 'Telefon',
    email: 'E-Mail',
    leika: 'LeiKa-Schlüssel',
    onlyGerman: '',
    choiceHint: 'Antworten Sie mit der Nummer Ihrer Wahl.',
    weekdays: { mo: 'Mo', tu: 'Di', we: 'Mi', th: 'Do', fr: 'Fr', sa: 'Sa', su: 'So' },
    popular: 'Häufig gefragt:',
    allInformation: 'Alle Informationen',
    onlineYes: 'Ja, das geht online:',
    aspectUnknown: (title) =>
      `Dazu habe ich im Leistungskatalog keine Angabe für ${title}. Hier ist alles, was ich dazu weiß:`,
  },
  en: {
    welcome: (city, privacyUrl) =>
      `Hello! I am the digital assistant of the City of ${city}, an **automated system**, not a person. ` +
      `I answer questions about the city's services: costs, documents, responsible offices, opening hours and online services. ` +
      `If I cannot help, I connect you with the service centre or give you the public service number 115.\n\n` +
      `Please do not enter sensitive personal data. [Privacy notice](${privacyUrl})`,
    outOfScope: (city, searchUrl) =>
      `Sorry, I did not understand that, or it is not one of the services of the City of ${city}. ` +
      `I am an automated assistant for public services such as ID cards, certificates, parking permits or business registration.\n\n` +
      `- Try asking differently, for example "How much is a passport?"\n` +
      `- Search the [service catalogue](${searchUrl})\n` +
      `- Call the public service number **115** (Mon–Fri 8 am–6 pm)\n` +
      `- Or talk to a person in our service centre.`,
    notOffered: (title, city, searchUrl) =>
      `The City of ${city} does not offer "${title}"; another authority is responsible for it. ` +
      `The public service number **115** (Mon–Fri 8 am–6 pm) tells you which.\n\n` +
      `- What the City of ${city} offers is in the [service catalogue](${searchUrl})\n` +
      `- Or talk to a person in our service centre.`,
    didYouMean: 'Did you mean one of these?',
    didYouMeanThis: 'Did you mean this?',
    noneOfThese: 'None of these',
    talkToHuman: 'Talk to a person',
    searchCatalogue: 'Search the service catalogue',
    applyOnline: 'Apply online',
    moreInformation: 'More information',
    costs: 'Costs',
    processingTime: 'Processing time',
    deadlines: 'Deadlines',
    documents: 'Required documents',
    prerequisites: 'Requirements',
    office: 'Responsible office',
    openingHours: 'Opening hours',
    phone: 'Phone',
    email: 'E-mail',
    leika: 'LeiKa key',
    onlyGerman: 'This information is only available in German:',
    choiceHint: 'Reply with the number of your choice.',
    weekdays: { mo: 'Mon', tu: 'Tue', we: 'Wed', th: 'Thu', fr: 'Fri', sa: 'Sat', su: 'Sun' },
    popular: 'Frequently asked:',
    allInformation: 'All information',
    onlineYes: 'Yes, you can do this online:',
    aspectUnknown: (title) => `The service catalogue says nothing about that for ${title}. Here is everything I know:`,
  },
};
