/** The parts of a V8 .cpuprofile (DevTools' format) the summary needs. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  /** Where it lives: a repository path, or a package name for node_modules. */
  where: string;
  selfPercent: number;
}

/** Shortens a script URL to what a reader recognises: `pkg` for dependencies, the path for ours. */
export function locationOf(url: string): string {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const repo = /\/(apps|libs|tools)\/.*$/.exec(url);
  return repo ? repo[0].slice(1) : url.replace(/^file:\/\//, '');
}

type CallFrame = CpuProfile['nodes'][number]['callFrame'];

/**
 * Calls `visit` for each busy sample (`(idle)` and `(program)` left out) with its leaf frame, its
 * time and its stack from the leaf up (built only when asked for); returns the busy time in all.
 */
function forEachBusySample(
  profile: CpuProfile,
  visit: (leaf: CallFrame, time: number, stack: () => CallFrame[]) => void,
): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') return;
    const time = profile.timeDeltas[index] ?? 0;
    busy += time;
    visit(node.callFrame, time, () => {
      const frames: CallFrame[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const frame = byId.get(at)?.callFrame;
        if (frame) frames.push(frame);
      }
      return frames;
    });
  });
  return busy;
}

/** Time per function (name, script and line), ranked as shares of the busy time. */
class FunctionTimes {
  private readonly weights = new Map<string, { name: string; where: string; time: number }>();

  /** Adds `time` to the frame's function. */
  add(frame: CallFrame, time: number): void {
    const key = FunctionTimes.keyOf(frame);
    const entry = this.weights.get(key) ?? {
      name: frame.functionName || '(anonymous)',
      where: locationOf(frame.url),
      time: 0,
    };
    entry.time += time;
    this.weights.set(key, entry);
  }

  /** A function's identity: name, script and line. */
  static keyOf(frame: CallFrame): string {
    return `${frame.functionName || '(anonymous)'}@${frame.url}:${frame.lineNumber}`;
  }

  top(count: number, busy: number): HotFunction[] {
    return [...this.weights.values()]
      .sort((a, b) => b.time - a.time)
      .slice(0, count)
      .map(({ name, where, time }) => ({ name, where, selfPercent: busy ? (100 * time) / busy : 0 }));
  }
}

/** Self time per function, as a share of all samples; `(idle)` is excluded, so shares are of busy time. */
export function hotFunctions(profile: CpuProfile, top = 15): HotFunction[] {
  const times = new FunctionTimes();
  const busy = forEachBusySample(profile, (leaf, time) => times.add(leaf, time));
  return times.top(top, busy);
}

/** Self time grouped by where the code lives (package or folder): which layer the time goes to. */
export function hotLocations(profile: CpuProfile, top = 10): Array<{ where: string; selfPercent: number }> {
  const weights = new Map<string, number>();
  const busy = forEachBusySample(profile, (leaf, time) => {
    const where =
      leaf.functionName === '(garbage collector)' ? '(garbage collector)' : groupOf(locationOf(leaf.url));
    weights.set(where, (weights.get(where) ?? 0) + time);
  });
  return [...weights]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, time]) => ({ where, selfPercent: busy ? (100 * time) / busy : 0 }));
}

/** `libs/engine/src/x.ts` → `libs/engine`; packages and natives unchanged. */
function groupOf(where: string): string {
  const match = /^(apps|libs|tools)\/[^/]+/.exec(where);
  return match ? match[0] : where;
}

/**
 * Who the time of native functions (e.g. `writev`) is spent for: each sample of them is charged to the
 * nearest caller outside Node's own code, named as `function (where)`.
 */
export function nativeCallers(
  profile: CpuProfile,
  natives: string[],
  top = 5,
): Array<{ caller: string; selfPercent: number }> {
  const weights = new Map<string, number>();
  const busy = forEachBusySample(profile, (leaf, time, stack) => {
    if (!natives.includes(leaf.functionName)) return;
    const frame = stack()
      .slice(1)
      .find((each) => each.url && !each.url.startsWith('node:'));
    const caller = frame ? `${frame.functionName || '(anonymous)'} (${locationOf(frame.url)})` : '(unknown)';
    weights.set(caller, (weights.get(caller) ?? 0) + time);
  });
  return [...weights]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([caller, time]) => ({ caller, selfPercent: busy ? (100 * time) / busy : 0 }));
}

/**
 * Total (inclusive) time of the project's own functions (apps/, libs/): the share of busy samples
 * with the function anywhere on the stack, counted once per sample however deep it recurses. Self
 * time hides where a request's time goes when most of it is native (the API's profile is half
 * `writev` and friends, charged to whatever JS called them): this says which of our functions the
 * time is spent under (a route, a parse, a batch write), whatever it is spent in.
 */
export function ownFunctionsInclusive(profile: CpuProfile, top = 15): HotFunction[] {
  const times = new FunctionTimes();
  const busy = forEachBusySample(profile, (_leaf, time, stack) => {
    const seen = new Set<string>();
    for (const frame of stack()) {
      if (!/^(apps|libs)\//.test(locationOf(frame.url))) continue;
      const key = FunctionTimes.keyOf(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      times.add(frame, time);
    }
  });
  return times.top(top, busy);
}
