import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Memory of a fresh Node process after loading one saved model. */
export interface LoadedMemory {
  /** Size of the saved model (JSON text). */
  savedMb: number;
  heapUsedMb: number;
  rssMb: number;
  /** Heap the loaded model keeps alive: heap used after loading minus before, both after garbage collection. */
  modelHeapMb: number;
}

const Reading = z.object({ heapUsedMb: z.number(), rssMb: z.number() });
const ProbeReport = z.object({ baseline: Reading, loaded: Reading, check: z.string() });

/**
 * Loads the saved model in a child process (`memoryProbe.js`), so that RSS and heap are the model's and not what the
 * benchmark process accumulated. The child imports both engines' code before its baseline reading.
 */
export async function measureLoadedMemory(engine: 'govbot' | 'nlpjs', savedModel: string): Promise<LoadedMemory> {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-bench-'));
  try {
    const file = join(dir, 'model.json');
    writeFileSync(file, savedModel);
    const report = await runProbe([engine, file]);
    return {
      savedMb: Buffer.byteLength(savedModel) / 2 ** 20,
      heapUsedMb: report.loaded.heapUsedMb,
      rssMb: report.loaded.rssMb,
      modelHeapMb: report.loaded.heapUsedMb - report.baseline.heapUsedMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runProbe(args: string[]): Promise<z.infer<typeof ProbeReport>> {
  const probe = fileURLToPath(new URL('./memoryProbe.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(probe, args, { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let report: z.infer<typeof ProbeReport> | undefined;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('message', (message) => {
      const parsed = ProbeReport.safeParse(message);
      if (parsed.success) report = parsed.data;
      else reject(new Error(`memory probe sent an unexpected message: ${parsed.error.message}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (report && code === 0) resolve(report);
      // The probe imports dist/ afresh: a build by someone else during the run makes it load other code.
      else reject(new Error(`memory probe ${args[0]} exited with ${code} (was dist/ rebuilt meanwhile?):\n${stderr}`));
    });
  });
}
