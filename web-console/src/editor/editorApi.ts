import { type ApiResult, request } from '../api.js';
import type { Reader } from './shape.js';
import {
  AnalyticsReport,
  AuditList,
  DialogList,
  EditorIntent,
  ImportResult,
  InboxList,
  IntentList,
  type Lang,
  LayerList,
  ModelVersion,
  MustPassList,
  MustPassQuestion,
  NamedEntity,
  type NamedEntityInput,
  NamedEntityList,
  Resolved,
  ServiceJson,
  ServiceList,
  TrainingRun,
  TrainingRunList,
  TryAnswer,
  VersionDiff,
  VersionList,
} from './shapes.js';

/** An answer of the API, or why there is none (`error` is the server's code, `message` its explanation). */
export type Result<T> = ApiResult<T>;

const noContent: Reader<null> = () => null;

/**
 * The REST calls of the workbench (`/api/editor`, docs/editor.md); unsafe ones carry the session's CSRF token (read
 * on every call: logging in again after the session ended gives a new one). A 401 (the session ended) calls
 * `unauthenticated`, which asks for the password again.
 */
export class EditorApi {
  /**
   * The municipality whose own layer the calls of intents, catalogue, inbox assignment, "try it", training and
   * versions work on (`?tenant=`); undefined for the shared layer.
   */
  tenant: string | undefined;

  constructor(
    private readonly csrfToken: () => string,
    private readonly unauthenticated: () => void = () => undefined,
  ) {}

  layers(): Promise<Result<LayerList>> {
    return this.get('/api/editor/layers', LayerList);
  }
  /** The intents of the layer, or with `shared` of the shared one. */
  intents(q = '', lang = '', options: { shared?: boolean } = {}): Promise<Result<IntentList>> {
    const parameters = { q, lang };
    return this.get(`/api/editor/intents${options.shared ? query(parameters) : this.layer(parameters)}`, IntentList);
  }
  intent(name: string): Promise<Result<EditorIntent>> {
    return this.get(`/api/editor/intents/${encodeURIComponent(name)}${this.layer()}`, EditorIntent);
  }
  saveIntent(name: string, input: Pick<EditorIntent, 'utterances' | 'answers'>): Promise<Result<EditorIntent>> {
    return this.send('PUT', `/api/editor/intents/${encodeURIComponent(name)}${this.layer()}`, input, EditorIntent);
  }
  deleteIntent(name: string): Promise<Result<null>> {
    return this.send('DELETE', `/api/editor/intents/${encodeURIComponent(name)}${this.layer()}`, undefined, noContent);
  }
  services(q = ''): Promise<Result<ServiceList>> {
    return this.get(`/api/editor/catalogue/services${this.layer({ q })}`, ServiceList);
  }
  service(id: string): Promise<Result<ServiceJson>> {
    return this.get(`/api/editor/catalogue/services/${encodeURIComponent(id)}${this.layer()}`, ServiceJson);
  }
  saveService(id: string, service: ServiceJson): Promise<Result<ServiceJson>> {
    const path = `/api/editor/catalogue/services/${encodeURIComponent(id)}${this.layer()}`;
    return this.send('PUT', path, service, ServiceJson);
  }
  deleteService(id: string): Promise<Result<null>> {
    const path = `/api/editor/catalogue/services/${encodeURIComponent(id)}${this.layer()}`;
    return this.send('DELETE', path, undefined, noContent);
  }
  importCatalogue(body: { services: unknown; locations?: unknown; replace?: boolean }): Promise<Result<ImportResult>> {
    return this.send('POST', `/api/editor/catalogue/import${this.layer()}`, body, ImportResult);
  }
  dialogs(): Promise<Result<DialogList>> {
    return this.get('/api/editor/dialogs', DialogList);
  }
  try(text: string, lang?: Lang): Promise<Result<TryAnswer>> {
    return this.send('POST', `/api/editor/try${this.layer()}`, { text, lang }, TryAnswer);
  }
  inbox(lang = ''): Promise<Result<InboxList>> {
    return this.get(`/api/editor/inbox${query({ lang })}`, InboxList);
  }
  assign(entryIds: string[], intent: string): Promise<Result<Resolved>> {
    return this.send('POST', `/api/editor/inbox/assign${this.layer()}`, { entryIds, intent }, Resolved);
  }
  mark(entryIds: string[], status: 'new_service' | 'ignored'): Promise<Result<Resolved>> {
    return this.send('POST', '/api/editor/inbox/mark', { entryIds, status }, Resolved);
  }
  mustPass(): Promise<Result<MustPassList>> {
    return this.get('/api/editor/must-pass', MustPassList);
  }
  addMustPass(question: { text: string; lang: Lang; intent: string }): Promise<Result<MustPassQuestion>> {
    return this.send('POST', '/api/editor/must-pass', question, MustPassQuestion);
  }
  entities(lang = ''): Promise<Result<NamedEntityList>> {
    return this.get(`/api/editor/entities${query({ lang })}`, NamedEntityList);
  }
  saveEntity(lang: Lang, name: string, input: NamedEntityInput): Promise<Result<NamedEntity>> {
    return this.send('PUT', `/api/editor/entities/${lang}/${encodeURIComponent(name)}`, input, NamedEntity);
  }
  deleteEntity(lang: Lang, name: string): Promise<Result<null>> {
    return this.send('DELETE', `/api/editor/entities/${lang}/${encodeURIComponent(name)}`, undefined, noContent);
  }
  deleteMustPass(id: string): Promise<Result<null>> {
    return this.send('DELETE', `/api/editor/must-pass/${encodeURIComponent(id)}`, undefined, noContent);
  }
  startTraining(): Promise<Result<TrainingRun>> {
    return this.send('POST', `/api/editor/training${this.layer()}`, {}, TrainingRun);
  }
  runs(limit = 10): Promise<Result<TrainingRunList>> {
    return this.get(`/api/editor/training${this.layer({ limit: String(limit) })}`, TrainingRunList);
  }
  run(id: string): Promise<Result<TrainingRun>> {
    return this.get(`/api/editor/training/${encodeURIComponent(id)}${this.layer()}`, TrainingRun);
  }
  versions(): Promise<Result<VersionList>> {
    return this.get(`/api/editor/versions${this.layer()}`, VersionList);
  }
  publish(runId: string, options: { overrideReason?: string; note?: string } = {}): Promise<Result<ModelVersion>> {
    return this.send('POST', `/api/editor/versions${this.layer()}`, { runId, ...options }, ModelVersion);
  }
  rollback(version: number): Promise<Result<ModelVersion>> {
    return this.send('POST', `/api/editor/versions/${version}/rollback${this.layer()}`, {}, ModelVersion);
  }
  diff(from: number, to: number): Promise<Result<VersionDiff>> {
    return this.get(`/api/editor/versions/diff${this.layer({ from: String(from), to: String(to) })}`, VersionDiff);
  }
  analytics(from: string, to: string): Promise<Result<AnalyticsReport>> {
    return this.get(`/api/editor/analytics${query({ from, to })}`, AnalyticsReport);
  }
  audit(limit: number, before?: number): Promise<Result<AuditList>> {
    const page = { limit: String(limit), before: before === undefined ? '' : String(before) };
    return this.get(`/api/editor/audit${query(page)}`, AuditList);
  }

  /** The query of a route that works on a layer: its parameters and the layer's `tenant`. */
  private layer(parameters: Record<string, string> = {}): string {
    return query({ ...parameters, tenant: this.tenant ?? '' });
  }

  private get<T>(path: string, read: Reader<T>): Promise<Result<T>> {
    return this.checked(request('GET', path, undefined, undefined, read));
  }

  private send<T>(method: string, path: string, body: unknown, read: Reader<T>): Promise<Result<T>> {
    return this.checked(request(method, path, this.csrfToken(), body, read));
  }

  private async checked<T>(call: Promise<Result<T>>): Promise<Result<T>> {
    const result = await call;
    if (!result.ok && result.status === 401) this.unauthenticated();
    return result;
  }
}

/** `?a=1&b=2` of the non-empty parameters. */
function query(parameters: Record<string, string>): string {
  const search = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== ''));
  const string = search.toString();
  return string ? `?${string}` : '';
}
