import { apiProcesses, loadEnv } from './env.js';

describe('apiProcesses (API_WORKERS)', () => {
  it('takes a number as given, whatever the CPUs', () => {
    expect(apiProcesses(1, 8)).toBe(1);
    expect(apiProcesses(3, 2)).toBe(3);
  });

  it('0: one per CPU but one, at least one', () => {
    expect(apiProcesses(0, 1)).toBe(1);
    expect(apiProcesses(0, 2)).toBe(1);
    expect(apiProcesses(0, 4)).toBe(3);
    expect(apiProcesses(0, 16)).toBe(15);
  });

  it('reads API_WORKERS from the environment (unset: a single process)', () => {
    expect(apiProcesses(loadEnv({ API_WORKERS: '0' }).API_WORKERS, 8)).toBe(7);
    expect(apiProcesses(loadEnv({}).API_WORKERS, 8)).toBe(1);
  });
});
