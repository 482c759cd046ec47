import type { Language } from '../catalogue/schema.js';

/**
 * Function words that carry no meaning for telling services apart (NLP.js ships an empty German list). Normalised
 * spelling (ae/oe/ue/ss). Particles that tell services apart (an-/ab-/um-melden, aus, neu) and words that carry
 * conversational intents (hallo, danke, ja, nein, hello, thanks, yes, no) are not in here.
 */
export const STOPWORDS: Record<Language, ReadonlySet<string>> = {
  de: new Set(
    (
      'der die das den dem des ein eine einen einem einer eines und oder aber doch sondern denn ich du er sie es wir ' +
      'ihr mich mir dich dir uns euch ihn ihm ihnen sich mein meine meinen meinem meiner meines dein deine deinen ' +
      'sein seine seinen ihre ihren unser unsere euer eure ist sind bin bist war waren wird werden wurde wurden hat ' +
      'habe hast haben hatte hatten kann kannst koennen koennte muss musst muessen soll sollte will willst wollen ' +
      'moechte moechten darf duerfen mag mit von zu zum zur bei fuer auf im in am vom beim nach vor ueber unter ' +
      'durch gegen ohne bis als wie was wo wann warum wer wen wem welche welcher welches welchen woher wohin womit ' +
      'wofuer nicht kein keine keinen so auch noch schon nur mal denn dann da hier dort jetzt etwas alles man ' +
      'dass ob wenn weil also eigentlich'
    ).split(' '),
  ),
  en: new Set(
    (
      'the a an and or but i you he she it we they me him her us them my your his its our their mine is are am was ' +
      'were be been being do does did have has had can could would should shall will may might must to of in on at ' +
      'by for with about from into as how what where when why who whom which that this these those there here not ' +
      'so also just some any'
    ).split(' '),
  ),
};
