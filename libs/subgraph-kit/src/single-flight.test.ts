import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('shares a task only while it is in flight', async () => {
    const flights = new SingleFlight<number>();
    let started = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++started), 20));
    const [a, b] = await Promise.all([flights.run('k', slow), flights.run('k', slow)]);
    expect([a, b, started, flights.shared, flights.size]).toEqual([1, 1, 1, 1, 0]);
    await expect(flights.run('k', slow)).resolves.toBe(2);
  });

  it('keeps keys apart', async () => {
    const flights = new SingleFlight<string>();
    const echo = (v: string) => () => new Promise<string>((resolve) => setTimeout(() => resolve(v), 10));
    await expect(Promise.all([flights.run('a', echo('a')), flights.run('b', echo('b'))])).resolves.toEqual(['a', 'b']);
    expect(flights.shared).toBe(0);
  });

  it('shares a failure too, then forgets it', async () => {
    const flights = new SingleFlight<number>();
    const failing = () => new Promise<number>((_, reject) => setTimeout(() => reject(new Error('down')), 10));
    const results = await Promise.allSettled([flights.run('k', failing), flights.run('k', failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(flights.size).toBe(0);
  });
});
