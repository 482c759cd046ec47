export { type ParseFailure, type ParseOptions, type ParseOutcome, parseEntity } from './parseEntity.js';
export { recogniseEntities } from './recogniseEntities.js';
export { Entity, type EntityOf, type EntityType, type RecogniseOptions } from './types.js';
