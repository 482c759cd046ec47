// What the benchmark's baseline uses of plain NLP.js beyond src/types/nlpjs.d.ts; merges with those declarations.
declare module '@nlpjs/lang-de' {
  export class LangDe {}
}

declare module '@nlpjs/lang-en' {
  export class LangEn {}
}

declare module '@nlpjs/basic' {
  interface Nlp {
    /** The trained pipeline as JSON text. */
    export(minified?: boolean): string;
    import(data: string): void;
  }
}
