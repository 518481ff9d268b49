// The API runs niced below the worker (scripts/process-priority.ts; docs/scaling.md, "CPU priority"): `npm run demo`
// and the benches start it through `niced`. This starts a process that way and reads its niceness back.
import { spawnSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { API_NICE, niced } from '../../scripts/process-priority.js';

describe('process priority', () => {
  it('starts the API through `nice` at API_NICE (10 by default), below the worker', () => {
    expect(API_NICE).toBe(10);
    expect(niced(10, '/usr/bin/node', ['main.js'])).toEqual({ command: 'nice', args: ['-n', '10', '/usr/bin/node', 'main.js'] });
    expect(niced(0, '/usr/bin/node', ['main.js'])).toEqual({ command: '/usr/bin/node', args: ['main.js'] });
  });

  it('a process started through `niced` runs at that niceness, on top of ours', () => {
    const { command, args } = niced(API_NICE, process.execPath, ['-e', 'process.stdout.write(String(require("node:os").getPriority()))']);
    const r = spawnSync(command, args, { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(Number(r.stdout)).toBe(Math.min(19, getPriority() + API_NICE));
  });
});
