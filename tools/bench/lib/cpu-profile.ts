import fs from 'node:fs';
import path from 'node:path';

/** A V8 `.cpuprofile` (node --cpu-prof): call-tree nodes, the sampled node ids and their time deltas. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, shortened: a package name, or a path inside the repository. */
function where(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1]!;
  const repo = /\/(apps|libs|tools)\/.*$/.exec(file);
  return repo ? repo[0].slice(1) : file || '(native)';
}

/**
 * Self time per function of every profile in each sub-directory of `dir` (one per graph label),
 * top `top` functions and the share per package / repository area: where a graph process spends CPU.
 */
export function summariseCpuProfiles(dir: string, top = 15): Record<string, { frame: string; 'self ms': number; share: string }[]> {
  const out: Record<string, { frame: string; 'self ms': number; share: string }[]> = {};
  for (const label of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const selfTime = new Map<string, number>();
    let total = 0;
    for (const file of fs.readdirSync(path.join(dir, label)).filter((f) => f.endsWith('.cpuprofile'))) {
      const profile = JSON.parse(fs.readFileSync(path.join(dir, label, file), 'utf8')) as CpuProfile;
      const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
      profile.samples.forEach((id, i) => {
        const frame = frames.get(id);
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        if (!frame) return;
        const key = `${frame.functionName || '(anonymous)'} ${where(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
        selfTime.set(key, (selfTime.get(key) ?? 0) + ms);
        total += ms;
      });
    }
    out[label] = [...selfTime]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, ms]) => ({ frame, 'self ms': Math.round(ms), share: `${((ms / (total || 1)) * 100).toFixed(1)}%` }));
  }
  return out;
}
