import { Expression } from './expressions.js';
import type { Dialog, GroupField, SimpleField } from './schema.js';

/**
 * A dialog ready to run: its definition with every expression compiled once. Construction throws an
 * `ExpressionError` for the first expression that does not parse.
 */
export class CompiledDialog {
  private readonly expressions = new Map<string, Expression>();

  constructor(
    readonly definition: Dialog,
    /** Hash of the file, stored with drafts and applications to tell which version they were filled with. */
    readonly fingerprint: string,
  ) {
    for (const source of expressionSources(definition)) {
      if (!this.expressions.has(source)) this.expressions.set(source, new Expression(source));
    }
  }

  get id(): string {
    return this.definition.id;
  }

  /** The main catalogue entry. */
  get serviceId(): string {
    return this.definition.services[0] ?? this.definition.id;
  }

  /** The compiled form of an expression from the definition. */
  expression(source: string): Expression {
    const expression = this.expressions.get(source);
    if (!expression) throw new Error(`dialog ${this.id}: expression "${source}" is not part of the definition`);
    return expression;
  }

  allExpressions(): Expression[] {
    return [...this.expressions.values()];
  }

  /** The top-level field or group with this id. */
  topField(id: string): SimpleField | GroupField | undefined {
    return this.definition.fields.find((field) => field.id === id);
  }
}

function expressionSources(dialog: Dialog): string[] {
  const fieldSources = (field: SimpleField) => [
    ...(field.when ? [field.when] : []),
    ...(field.prefill ? [field.prefill] : []),
    ...(field.suggest ? [field.suggest] : []),
    ...field.rules.map((rule) => rule.check),
  ];
  return [
    ...dialog.fields.flatMap((field) =>
      field.type === 'group'
        ? [...(field.when ? [field.when] : []), ...field.fields.flatMap(fieldSources)]
        : fieldSources(field),
    ),
    ...dialog.computed.map((value) => value.expression),
    ...(dialog.serviceFrom ? [dialog.serviceFrom] : []),
    ...dialog.exits.map((exit) => exit.when),
    ...dialog.recipients.flatMap((recipient) => (recipient.when ? [recipient.when] : [])),
  ];
}
