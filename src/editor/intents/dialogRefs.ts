import type { CompiledDialog } from '../../dialogs/CompiledDialog.js';
import type { DialogRef } from './schemas.js';

/** The loaded dialogs as the workbench shows them: id, German title, main catalogue entry and all it applies for. */
export function dialogRefs(dialogs: readonly CompiledDialog[]): DialogRef[] {
  return dialogs.map((dialog) => ({
    id: dialog.id,
    title: dialog.definition.title.de,
    serviceId: dialog.serviceId,
    services: [...dialog.definition.services],
  }));
}
