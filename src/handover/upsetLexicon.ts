/** Points of a strong marker: enough on its own. */
const STRONG = 1;
/** Points of a weak cue: only counts together with another. */
export const WEAK = 0.5;

/** A word or phrase that shows anger, insults, swearing, being fed up or (weaker) annoyance. */
export interface UpsetMarker {
  pattern: RegExp;
  weight: number;
  kind: 'anger' | 'insult' | 'swearing' | 'fed-up' | 'annoyed';
  /** "nicht sauer", "not angry": a negation just before cancels it. */
  negatable: boolean;
}

/** Word boundaries on folded text (a–z, digits); `g` for matchAll. */
const words = (source: string) => new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`, 'g');

const marker = (kind: UpsetMarker['kind'], weight: number, negatable: boolean, sources: string[]): UpsetMarker[] =>
  sources.map((source) => ({ pattern: words(source), weight, kind, negatable }));

const MARKERS: readonly UpsetMarker[] = [
  ...marker('anger', STRONG, true, [
    'frechheit',
    'unverschaemt\\w*',
    'zumutung',
    'skandal\\w*',
    'sauerei',
    'schweinerei',
    'saustall',
    'stinksauer',
    '(?:stock|mega|super|tierisch)sauer',
    'bin (?:so was von |sowas von |echt |total |wirklich |restlos |endgueltig |jetzt )*bedient(?! word)',
    'schande|schaendlich\\w*',
    'abzocke\\w*|wucher',
    '(?:ist|sind) (?:doch |ja |reiner |reine |echt |glatter )*betrug',
    'ausrast\\w*|ausflipp\\w*|durchdreh\\w*|durchzudrehen',
    'ist (?:das|dies) (?:\\w+ )?(?:euer|dein|ihr) ernst',
    '(?:ist|seid|sind|bist|war)(?: (?:echt|wirklich|ja|doch|einfach|absolut|wohl))* das (?:aller)?letzte(?! ?[a-z,])',
    'zu nichts zu gebrauchen',
    // Only intensifiers in between: "Ich bin Frau Sauer" is a name.
    '(?:bin|sind|werde|wird|bist|macht mich)(?: (?:ich|wir|so|echt|total|richtig|wirklich|sehr|ziemlich|mega|langsam|jetzt|gerade|extrem|voll|absolut|schon|ganz|einfach|mittlerweile|inzwischen|auch|tierisch|verdammt))* sauer',
    '(?:stink)?wuetend\\w*',
    'zornig',
    'emp(?:oe)?ert',
    'veraergert',
    'aergere mich',
    'laecherlich\\w*',
    'inkompetent\\w*',
    'unfaehig\\w*',
    'nutzlos\\w*',
    '(?:ist|sind|seid|bist|war) (?:\\w+ )?(?:eine|die reinste) katastrophe|(?:absolute|totale|einzige) katastrophe|katastrophal\\w*',
    'unterirdisch',
    'armselig\\w*',
    'erbaermlich\\w*',
    'miserabel\\w*',
    'armutszeugnis',
    'zeitverschwendung',
    'inakzeptabel|unakzeptabel|nicht akzeptabel',
    '\\w*willkuer',
    'ridiculous',
    'useless',
    'pathetic',
    'disgrace\\w*',
    'scandal\\w*',
    'outrageous',
    'unacceptable',
    'angry',
    'furious',
    'livid',
    'incompetent',
    'waste of (?:my )?time',
    'wasting (?:my|our) time',
    "(?:this|that|it|you|bot|chatbot|service|council|system|website|app|office)(?:'s| is| are|'re)(?: \\w+)? (?:garbage|trash|rubbish|a shambles|a disaster|a mess|a nightmare)",
    'what (?:a )?(?:shambles|mess|nonsense)|what (?:rubbish|garbage)(?= *(?:[.!?]|$))',
    '(?:total|utter|complete|absolute) (?:rubbish|nonsense|garbage)',
    "(?:i've|i have|ive|we've|we have) had enough|had enough of",
    'worst (?:service|experience)|worst \\w+ ever|worst ever',
    'hate (?:this|you|it|the)',
    'hasse (?:diesen|dieses|diese|den|das|die|euch|dich)',
  ]),
  ...marker('insult', STRONG, false, [
    '(?:voll)?idiot\\w*',
    '(?:du|ihr|sie|so ein|was fuer ein) (?:depp|penner)\\w*|deppen\\w*',
    'trottel\\w*',
    'arsch\\w*',
    'wichser',
    'spast|spasti',
    'hurensohn',
    'vollpfosten',
    'dummkopf',
    'bloedmann',
    'schwachkopf',
    'bescheuert\\w*|bekloppt\\w*|hirnlos\\w*|hirnverbrannt\\w*|daemlich\\w*',
    '(?:bloed|dumm|doof)\\w* (?:kuh|sau|ziege|kerl|typ|schwein)',
    'drecks[a-z]+',
    '(?:bist du|seid ihr|sind sie)(?: (?!nicht|kein)\\w+){0,2} (?:dumm|bloed|doof|behindert)\\w*',
    'are you (?:\\w+ )?(?:stupid|dumb|thick|an idiot|a moron)',
    'go to hell|to hell with',
    'stuemper\\w*',
    'versager',
    'saftladen|sauladen|sauhaufen|chaosladen',
    'der letzte dreck',
    'verarsch\\w*',
    'veraeppel\\w*',
    'fuer dumm verkaufen',
    '(?:totaler|absoluter|kompletter|so ein|der reinste|was fuer ein) (?:schrott|mist)',
    'halt (?:die klappe|das maul|den mund)|halts maul',
    'leck mich',
    '(?:ihr|sie) koennt mich mal',
    '(?:dumm|bloed|doof)\\w* (?:bot|maschine|chatbot|computer|programm|ding|amt)',
    '(?:du|ihr|sie) (?:bist|seid|sind)(?: (?!nicht|kein)\\w+){0,3} (?:dumm|bloed|doof)\\w*',
    'moron\\w*',
    'dumb(?: \\w+)? (?:bot|machine|chatbot|computer)',
    'stupid(?: \\w+)? (?:bot|machine|chatbot|computer|system)',
    'shut up',
    "you(?: are|re|'re)(?: \\w+){0,2} (?:stupid|dumb|a joke)",
    '(?:is|s|what|such) an? (?:complete |total |absolute |bloody |sick |bad )?joke|is this a joke',
    '(?:das|dies|es) (?:ist|war) (?:ja |doch |wohl |echt |wirklich |einfach |nur )*(?:ein|der reinste) witz',
    'soll das ein witz sein',
    '(?:ihr seid|du bist|sie sind) (?:doch |ja |echt |wirklich |einfach )*ein witz',
    'kidding me',
    'danke fuer nichts|thanks for nothing',
  ]),
  ...marker('swearing', STRONG, false, [
    'scheiss\\w*',
    'kack\\w*',
    'verdammt\\w*',
    'verflucht\\w*',
    'kotz\\w*',
    'bullshit',
    'schwachsinn\\w*',
    'fuck\\w*|f\\*+|wtf',
    'shit\\w*',
    'damn\\w*',
    'bloody',
    'beschissen\\w*',
    'crap\\w*',
    'piss(?:ed)?(?: off)?',
    'screw (?:this|you|it)',
    'what the hell|the hell is',
  ]),
  ...marker('fed-up', STRONG, false, [
    "(?:es|mir|jetzt) reicht(?:['’]?s)?|reicht(?:['’]?s)? (?:mir|jetzt)|mir reichts?",
    'schnauze (?:\\w+ )?voll',
    'nase (?:\\w+ )?voll',
    'auf die nerven|auf den sack|auf den keks',
    'platzt (?:\\w+ )*kragen',
    'fed up',
    'sick (?:and tired )?of',
    'had it with',
    'enough is enough',
    'kann (?:doch )?nicht wahr sein',
    "geht['’]?s noch",
    'faxen dicke',
    "glaube? (?:es|ich) hackt|hackt['’]?s",
    'nicht zu fassen',
  ]),
  ...marker('annoyed', WEAK, true, [
    'nerv(?:t|st|en|ig)\\w*',
    'genervt',
    'unfassbar',
    'unglaublich',
    'unbelievable',
    'insane',
    'macht mich (?:\\w+ )?(?:wahnsinnig|verrueckt|irre|fertig)',
    'nonsense',
    'nightmare',
    'are you serious',
    'sinnlos|pointless',
    'betrug',
    'mist',
    'quatsch',
    'bloedsinn',
    'peinlich',
    'unmoeglich',
    'schrecklich|furchtbar',
    'enttaeuscht',
    'frustriert|frustrierend',
    'annoy\\w*',
    'terrible|awful|horrible',
    'frustrat\\w*',
    'driving me (?:crazy|mad|nuts)',
    'keine hilfe|no help',
  ]),
];

const WAITING: readonly RegExp[] = [
  /\bseit (?:\w+ ){0,2}(?:wochen|monaten|stunden|tagen)\b/,
  /\b(?:schon wieder|immer noch nicht|immer noch kein\w*|zum (?:\w+ten|x-ten) mal|dreimal|x-mal|warteschleife)\b/,
  /\b(?:niemand|keiner|nie jemand\w*) (?:antwortet|meldet|ruft|geht|erreicht|hilft)\b/,
  /\bkeine (?:antwort|rueckmeldung|reaktion)\b/,
  /\bfor (?:\w+ ){0,2}(?:weeks|months|hours)\b/,
  /\b(?:again|three times|still (?:no|not|hasn't|haven't)|nobody (?:answer|repl|call)\w*)\b/,
  /\bno (?:reply|answer|response)\b/,
];

const FRIENDLY =
  /\b(?:danke\w*|dank|super|toll|prima|klasse|perfekt|hilfreich|thanks?|great|perfect|awesome|helpful)\b/;

const AT_US =
  /\b(?:bot|chatbot|chat|maschine|computer|programm|amt|aemter|behoerde\w*|verwaltung|rathaus|buergeramt|buergerbuero|euch|euer|eure\w*|council|office|you people|you guys)\b/;

const THIRD_PARTY = /\b(?:nachbar\w*|vermieter\w*|baustelle\w*|neighbou?r\w*|landlord\w*)\b/;
const REPORTING = /\b(?:melden|beschwer\w*|anzeige\w*|zustaendig\w*|report\w*|complain\w*|who do i call)\b/;

/**
 * What `detectUpset` looks for, on text folded by `normaliseText` (ä → ae, ß → ss, lower case), in German and
 * English. Words that also name a service or an ordinary situation are left out or need context
 * ("Katastrophenschutz", "Schrottauto", "rubbish collection", "spastische Lähmung", "erzähl mir einen Witz").
 */
export const UPSET_LEXICON = {
  markers: MARKERS,
  /** Waiting or asking again: one weak cue, however many match. */
  waiting: WAITING,
  /** Thanks and praise: loud but friendly. */
  friendly: FRIENDLY,
  /** The bot, the administration or its staff as the target ("euer Service", "dieser Chat"). */
  atUs: AT_US,
  /** Someone else ("Mein Nachbar ist unverschämt laut, wo kann ich das melden?") reported to the town. */
  thirdParty: THIRD_PARTY,
  reporting: REPORTING,
};
