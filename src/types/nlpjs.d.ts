// Minimal typings for the parts of NLP.js GovBot uses (the packages ship none).
declare module '@nlpjs/neural' {
  export interface NeuralSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean;
  }
  export interface TrainingExample {
    input: Record<string, number>;
    output: Record<string, number>;
  }
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings);
    train(corpus: TrainingExample[]): { error: number; iterations: number };
    run(input: Record<string, number>): Record<string, number> | undefined;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}

declare module '@nlpjs/lang-de' {
  export class StemmerDe {
    stemWord(word: string): string;
  }
  export class StopwordsDe {
    dictionary: Record<string, boolean>;
    isStopword(word: string): boolean;
  }
}

declare module '@nlpjs/lang-en' {
  export class StemmerEn {
    stemWord(word: string): string;
  }
  export class StopwordsEn {
    dictionary: Record<string, boolean>;
    isStopword(word: string): boolean;
  }
}

declare module '@nlpjs/basic' {
  export interface NlpResult {
    intent: string;
    score: number;
    classifications: { intent: string; score: number }[];
  }
  /** The plain NLP.js pipeline, used as the baseline in benchmarks. */
  export class Nlp {
    constructor(settings?: Record<string, unknown>);
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpResult>;
    settings: Record<string, unknown>;
  }
  export function containerBootstrap(settings?: unknown): Promise<{ use(plugin: unknown): void }>;
  export function dockStart(settings?: unknown): Promise<{ get(name: string): Nlp }>;
}
